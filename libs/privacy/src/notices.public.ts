// What the notices and consents part of the privacy context exports.
export * from './notices.service';
export * from './consents.service';
export * from './dto/notices.dto';
export type { NoticeVersion } from './repositories/notices.repository';
export { CONSENT_PURPOSES, type ConsentPurpose } from './entities/privacy-consent.entity';
export type { PrivacyAcknowledgement, PrivacyNotice } from './entities/privacy-notice.entity';
export type { PrivacyConsent } from './entities/privacy-consent.entity';
export { PRIVACY_PERSONAL_DATA } from './personal-data';
