import { Init1795912378235 } from './1795912378235-Init';
import { Courses1795913944775 } from './1795913944775-Courses';
import { Cohorts1795914755800 } from './1795914755800-Cohorts';
import { Assessments1795916316601 } from './1795916316601-Assessments';
import { Releases1795916638836 } from './1795916638836-Releases';
import { Grading1795917202779 } from './1795917202779-Grading';
import { Certificates1795923123676 } from './1795923123676-Certificates';
import { AcademyTimeZone1795930000000 } from './1795930000000-AcademyTimeZone';
import { PartnerConsent1796304344318 } from './1796304344318-PartnerConsent';
import { AccountLifecycle1796304884843 } from './1796304884843-AccountLifecycle';
import { PrintResult1796305021872 } from './1796305021872-PrintResult';
import { NotificationClaims1796320295464 } from './1796320295464-NotificationClaims';
import { Settings1796400000000 } from './1796400000000-Settings';
import { WorkerHeartbeats1796410000000 } from './1796410000000-WorkerHeartbeats';
import { PeopleForReporting1796420000000 } from './1796420000000-PeopleForReporting';
import { ReactionSurveys1796430000000 } from './1796430000000-ReactionSurveys';
import { ReportViews1796450000000 } from './1796450000000-ReportViews';
import { FollowUpWaves1796455000000 } from './1796455000000-FollowUpWaves';
import { Indicators1796470000000 } from './1796470000000-Indicators';
import { ReportKnowledgeHandMarked1796480000000 } from './1796480000000-ReportKnowledgeHandMarked';
import { AssistanceFacility1796500000000 } from './1796500000000-AssistanceFacility';
import { AssistanceMissions1796510000000 } from './1796510000000-AssistanceMissions';
import { AssistanceReportView1796520000000 } from './1796520000000-AssistanceReportView';
import { CooperationInitiatives1796530000000 } from './1796530000000-CooperationInitiatives';
import { CooperationReportView1796540000000 } from './1796540000000-CooperationReportView';
import { PrivacyNotices1796550000000 } from './1796550000000-PrivacyNotices';
import { PrivacyExports1796560000000 } from './1796560000000-PrivacyExports';
import { AuditPersonal1796570000000 } from './1796570000000-AuditPersonal';
import { Erasure1796580000000 } from './1796580000000-Erasure';
import { PrivacyRetention1796590000000 } from './1796590000000-PrivacyRetention';

// Every migration, in order. `npm run migration:generate -- libs/database/src/migrations/<Name>`
// writes a new file here: read it, then add it below.
export const MIGRATIONS: (new () => object)[] = [
  Init1795912378235,
  Courses1795913944775,
  Cohorts1795914755800,
  Assessments1795916316601,
  Releases1795916638836,
  Grading1795917202779,
  Certificates1795923123676,
  AcademyTimeZone1795930000000,
  PartnerConsent1796304344318,
  AccountLifecycle1796304884843,
  PrintResult1796305021872,
  NotificationClaims1796320295464,
  Settings1796400000000,
  WorkerHeartbeats1796410000000,
  PeopleForReporting1796420000000,
  ReactionSurveys1796430000000,
  ReportViews1796450000000,
  FollowUpWaves1796455000000,
  Indicators1796470000000,
  ReportKnowledgeHandMarked1796480000000,
  AssistanceFacility1796500000000,
  AssistanceMissions1796510000000,
  AssistanceReportView1796520000000,
  CooperationInitiatives1796530000000,
  CooperationReportView1796540000000,
  PrivacyNotices1796550000000,
  PrivacyExports1796560000000,
  AuditPersonal1796570000000,
  Erasure1796580000000,
  PrivacyRetention1796590000000,
];
