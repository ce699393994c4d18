import type { Provider } from '@nestjs/common';
import { PrivacyExport } from './entities/privacy-export.entity';
import { PrivacyExportsService } from './export.service';
import { ExportRepository } from './repositories/export.repository';

/** A person's export of everything held about them (issue 16 point 2). */
export const EXPORT_SERVICES: Provider[] = [PrivacyExportsService];
export const EXPORT_REPOSITORIES: Provider[] = [ExportRepository];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const EXPORT_ENTITIES: Function[] = [PrivacyExport];
