import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService, type AuditVerification } from '@probity/audit';
import { Auth, type AuthUser, CurrentUser, hasRole } from '@probity/identity';

/** Whose entries an administrator verifies: the whole chain for platform administrators, else their academy's. */
export function auditScope(user: AuthUser): string | undefined {
  return hasRole(user, 'platform_admin') ? undefined : (user.academyId ?? '00000000-0000-4000-8000-000000000000');
}

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Auth('platform_admin', 'academy_admin')
  @ApiOkResponse({
    description:
      '{ok, entries, scope, academyId?, firstBrokenId?}: platform administrators check the whole chain; academy administrators ' +
      'their academy’s entries (each against its hash and its predecessor’s), and learn nothing of other academies’ entries',
  })
  verify(@CurrentUser() user: AuthUser): Promise<AuditVerification> {
    return this.audit.verify(auditScope(user));
  }
}
