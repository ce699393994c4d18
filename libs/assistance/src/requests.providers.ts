import type { Provider } from '@nestjs/common';
import { InstitutionsService } from './institutions.service';
import { RequestAccessService } from './request-access.service';
import { RequestFilesService } from './request-files.service';
import { RequestNoticesService } from './request-notices.service';
import { RequestScreeningService } from './request-screening.service';
import { RequestThreadService } from './request-thread.service';
import { RequestsService } from './requests.service';
import { InstitutionsRepository } from './repositories/institutions.repository';
import { RequestsRepository } from './repositories/requests.repository';

/** Requests, screening, decisions, files and threads (issue 14 points 1-2): services exported, repositories kept inside. */
export const REQUEST_SERVICES: Provider[] = [
  InstitutionsService,
  RequestAccessService,
  RequestsService,
  RequestScreeningService,
  RequestFilesService,
  RequestThreadService,
  RequestNoticesService,
];
export const REQUEST_REPOSITORIES: Provider[] = [InstitutionsRepository, RequestsRepository];
