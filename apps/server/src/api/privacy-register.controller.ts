import { Controller, Get, Req } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Auth, type AuthUser, CurrentUser, type RequestLike } from '@probity/identity';
import { RegisterService } from '@probity/privacy';
import { PrivacyRegisterResponseDto, mapPrivacyRegister } from './dto/privacy-register.response';

/**
 * The register of personal data (issue 16 point 1): what every context declares it holds about people, with purpose,
 * legal basis and retention, in the caller's language. Platform administrators only.
 */
@ApiTags('privacy')
@Controller('api/v1/privacy/register')
export class PrivacyRegisterController {
  constructor(private readonly register: RegisterService) {}

  @Get()
  @Auth('platform_admin')
  @ApiOperation({
    summary: 'The register of personal data, by context, category and table (labels in the caller’s language, `lang` to choose)',
  })
  @ApiOkResponse({ type: PrivacyRegisterResponseDto })
  @ApiForbiddenResponse({ description: 'Not a platform administrator' })
  view(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): PrivacyRegisterResponseDto {
    return mapPrivacyRegister(this.register.view(user, (request as unknown as RequestLike).probity.locale));
  }
}
