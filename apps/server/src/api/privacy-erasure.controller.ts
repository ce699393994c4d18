import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthUser, CurrentUser } from '@probity/identity';
import { EraseDto, ErasureService } from '@probity/privacy';

export class ErasureResponseDto {
  @ApiProperty()
  userId: string;

  @ApiProperty({ format: 'date-time' })
  erasedAt: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Rows deleted or emptied per table' })
  tables: Record<string, number>;
}

/**
 * Erasure on request (issue 16 point 3, ADR 0014): an administrator of the person's academy (or a platform
 * administrator) erases a person with a reason. The profile is pseudonymised, answer and survey texts, messages and
 * comments go, grades stay as numbers, sessions and tokens end; certificates still verify by their code and the
 * holder's own copy; the audit chain still verifies. Audited as `user.erased`.
 */
@ApiTags('privacy')
@Controller('api/v1')
export class PrivacyErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post('users/:id/erase')
  @HttpCode(200)
  @Auth('academy_admin', 'platform_admin')
  @ApiOperation({ summary: 'Erases a person of the administrator’s academy at their request' })
  @ApiOkResponse({ type: ErasureResponseDto })
  @ApiNotFoundResponse({ description: 'Not a person the caller administers' })
  @ApiConflictResponse({ description: 'The caller themselves (cannot_erase_self), or already erased (already_erased)' })
  async erase(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: EraseDto): Promise<ErasureResponseDto> {
    return this.erasure.erase(user, id, dto.reason);
  }
}
