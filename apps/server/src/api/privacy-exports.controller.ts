import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, type AuthUser, CurrentUser } from '@probity/identity';
import { PrivacyExportsService } from '@probity/privacy';
import { ExportStartedResponseDto, PrivacyExportResponseDto, mapExport } from './dto/privacy-exports.response';

const NOT_YOURS = 'Not a person the caller administers (or an export that is not theirs, or expired)';

/**
 * Access and portability (issue 16 point 2): a person downloads everything Probity holds about them as a ZIP of JSON
 * with a summary in their language; an administrator of their academy (or a platform administrator) can make it for
 * them. The worker builds it (progress: GET /api/v1/jobs/{id}); it is kept 7 days.
 */
@ApiTags('privacy')
@Controller('api/v1')
export class PrivacyExportsController {
  constructor(private readonly exports: PrivacyExportsService) {}

  @Post('me/export')
  @HttpCode(202)
  @Auth()
  @ApiOperation({ summary: 'Starts an export of everything held about the caller' })
  @ApiAcceptedResponse({ type: ExportStartedResponseDto })
  async startMine(@CurrentUser() user: AuthUser): Promise<ExportStartedResponseDto> {
    return this.exports.start(user);
  }

  @Get('me/exports')
  @Auth()
  @ApiOkResponse({ type: [PrivacyExportResponseDto], description: 'The caller’s exports ready to download' })
  async mine(@CurrentUser() user: AuthUser): Promise<PrivacyExportResponseDto[]> {
    return (await this.exports.list(user)).map(mapExport);
  }

  @Post('users/:id/export')
  @HttpCode(202)
  @Auth('academy_admin', 'platform_admin')
  @ApiOperation({ summary: 'Starts an export for a person of the administrator’s academy (any person for platform administrators)' })
  @ApiAcceptedResponse({ type: ExportStartedResponseDto })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  async startFor(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ExportStartedResponseDto> {
    return this.exports.start(user, id);
  }

  @Get('users/:id/exports')
  @Auth('academy_admin', 'platform_admin')
  @ApiOkResponse({ type: [PrivacyExportResponseDto], description: 'The exports of the person that the caller asked for' })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  async of(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PrivacyExportResponseDto[]> {
    return (await this.exports.list(user, id)).map(mapExport);
  }

  @Get('exports/:id/download')
  @Auth()
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The ZIP', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ description: NOT_YOURS })
  async download(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.exports.download(user, id);
    await reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  }
}
