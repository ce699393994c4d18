import type { Provider } from '@nestjs/common';
import { PrivacyConsentsService } from './consents.service';
import { PrivacyConsent } from './entities/privacy-consent.entity';
import { PrivacyAcknowledgement, PrivacyNotice } from './entities/privacy-notice.entity';
import { PrivacyNoticesService } from './notices.service';
import { NoticesRepository } from './repositories/notices.repository';

/** Privacy notices per academy, their acknowledgement, and consents (issue 16 point 5). */
export const NOTICE_SERVICES: Provider[] = [PrivacyNoticesService, PrivacyConsentsService];
export const NOTICE_REPOSITORIES: Provider[] = [NoticesRepository];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NOTICE_ENTITIES: Function[] = [PrivacyNotice, PrivacyAcknowledgement, PrivacyConsent];
