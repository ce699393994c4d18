// What the requests part of the assistance context exports (services, DTOs, views, entity types).
export * from './dto/requests.dto';
export * from './requests-model';
export { InstitutionsService, type InstitutionView } from './institutions.service';
export { RequestAccessService, type RequestAccess, managesFacility } from './request-access.service';
export { RequestsService, type RequestView } from './requests.service';
export { RequestScreeningService, type ScreeningAid } from './request-screening.service';
export { RequestFilesService } from './request-files.service';
export { RequestThreadService, type CommentView } from './request-thread.service';
export type { FileInfo } from './repositories/requests.repository';
