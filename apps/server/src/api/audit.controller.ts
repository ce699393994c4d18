import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@probity/audit';
import { Auth, type AuthUser, CurrentUser } from '@probity/identity';
import { auditScope } from '../http/presenters';
import { AuditVerificationResponseDto, mapAuditVerification } from './dto/audit.response';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Auth('platform_admin', 'academy_admin')
  @ApiOkResponse({
    type: AuditVerificationResponseDto,
    description:
      '{ok, entries, scope, academyId?, firstBrokenId?}: platform administrators check the whole chain; academy administrators ' +
      'their academy’s entries (each against its hash and its predecessor’s), and learn nothing of other academies’ entries',
  })
  async verify(@CurrentUser() user: AuthUser): Promise<AuditVerificationResponseDto> {
    return mapAuditVerification(await this.audit.verify(auditScope(user)));
  }
}
