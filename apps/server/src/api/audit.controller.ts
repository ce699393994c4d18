import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService, type AuditVerification } from '@probity/audit';
import { Auth } from '@probity/identity';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Auth('platform_admin', 'academy_admin')
  @ApiOkResponse({ description: '{ok, entries, firstBrokenId?}: the first entry whose hash chain does not hold' })
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
