import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthUser, CurrentUser } from '@probity/identity';
import {
  AcknowledgeNoticeDto,
  PrivacyConsentsService,
  PrivacyNoticesService,
  PublishNoticeDto,
  WithdrawConsentDto,
} from '@probity/privacy';
import { MyPrivacyResponseDto, PrivacyNoticeResponseDto, mapMyPrivacy, mapNotice } from './dto/privacy-notices.response';

/**
 * Privacy notices and consents (issue 16 point 5): each academy’s notice in six languages, in versions published by
 * its administrators (a new version asks everyone again), the platform’s for people whose academy has none, the
 * default text until one is published; a person’s acknowledgements and consents, which they may withdraw at once.
 */
@ApiTags('privacy')
@Controller('api/v1')
export class PrivacyNoticesController {
  constructor(
    private readonly notices: PrivacyNoticesService,
    private readonly consents: PrivacyConsentsService,
  ) {}

  @Get('privacy-notice')
  @ApiOperation({ summary: 'The platform’s notice (or the default text), without signing in' })
  @ApiOkResponse({ type: PrivacyNoticeResponseDto })
  async platform(): Promise<PrivacyNoticeResponseDto> {
    return mapNotice(await this.notices.platform());
  }

  @Put('privacy-notice')
  @Auth('platform_admin')
  @ApiOperation({ summary: 'Publishes a new version of the platform’s notice (unchanged text publishes nothing)' })
  @ApiOkResponse({ type: PrivacyNoticeResponseDto })
  @ApiBadRequestResponse({ description: 'No language has text (privacy_notice_empty), or a text is too long' })
  async publishPlatform(@CurrentUser() user: AuthUser, @Body() dto: PublishNoticeDto): Promise<PrivacyNoticeResponseDto> {
    return mapNotice(await this.notices.publish(user, null, dto));
  }

  @Get('academies/:id/privacy-notice')
  @Auth()
  @ApiOkResponse({ type: PrivacyNoticeResponseDto, description: 'The notice that applies to the academy’s people' })
  @ApiNotFoundResponse({ description: 'Not an academy the caller can see' })
  async ofAcademy(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PrivacyNoticeResponseDto> {
    return mapNotice((await this.notices.ofAcademy(user, id)).notice);
  }

  @Put('academies/:id/privacy-notice')
  @Auth('academy_admin', 'platform_admin')
  @ApiOperation({ summary: 'Publishes a new version of the academy’s notice: everyone of the academy is asked to read it again' })
  @ApiOkResponse({ type: PrivacyNoticeResponseDto })
  @ApiBadRequestResponse({ description: 'No language has text (privacy_notice_empty), or a text is too long' })
  @ApiForbiddenResponse({ description: 'Not an administrator of the academy' })
  @ApiNotFoundResponse({ description: 'Not an academy the caller can see' })
  async publish(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PublishNoticeDto,
  ): Promise<PrivacyNoticeResponseDto> {
    return mapNotice(await this.notices.publish(user, id, dto));
  }

  @Get('me/privacy')
  @Auth()
  @ApiOkResponse({ type: MyPrivacyResponseDto, description: 'The caller’s notice, acknowledgements and consents' })
  async me(@CurrentUser() user: AuthUser): Promise<MyPrivacyResponseDto> {
    return this.myPrivacy(user);
  }

  @Post('me/privacy/acknowledge')
  @HttpCode(200)
  @Auth()
  @ApiOperation({ summary: 'Acknowledges the version of the notice shown (once; audited)' })
  @ApiOkResponse({ type: MyPrivacyResponseDto })
  @ApiNotFoundResponse({ description: 'No published notice applies to the caller' })
  @ApiConflictResponse({ description: 'A newer version was published meanwhile (privacy_notice_changed)' })
  async acknowledge(@CurrentUser() user: AuthUser, @Body() dto: AcknowledgeNoticeDto): Promise<MyPrivacyResponseDto> {
    await this.notices.acknowledge(user, dto.version);
    return this.myPrivacy(user);
  }

  @Post('me/consents/withdraw')
  @HttpCode(200)
  @Auth()
  @ApiOperation({
    summary:
      'Withdraws a consent at once: cooperation_directory deletes the directory entry; supervisor_follow_up deletes the supervisors named and their pending mails',
  })
  @ApiOkResponse({ type: MyPrivacyResponseDto })
  @ApiBadRequestResponse({ description: 'Unknown purpose' })
  @ApiNotFoundResponse({ description: 'The consent is not in force' })
  async withdraw(@CurrentUser() user: AuthUser, @Body() dto: WithdrawConsentDto): Promise<MyPrivacyResponseDto> {
    await this.consents.withdraw(user, dto.purpose);
    return this.myPrivacy(user);
  }

  private async myPrivacy(user: AuthUser): Promise<MyPrivacyResponseDto> {
    const [notice, pending, acknowledgements, consents] = await Promise.all([
      this.notices.applying(user.academyId),
      this.notices.pending(user),
      this.notices.acknowledgements(user),
      this.consents.overview(user),
    ]);
    return mapMyPrivacy(notice, pending?.version ?? null, acknowledgements, consents);
  }
}
