// What the missions part of the assistance context exports (services, DTOs, views, entity types).
export * from './dto/missions.dto';
export { MISSION_READERS, type MissionAccess, MissionAccessService } from './mission-access.service';
export {
  CHANGEABLE,
  MISSION_MOVES,
  type MissionExpertView,
  type MissionMove,
  type MissionSummary,
  type MissionView,
  MissionsService,
  daysBetween,
  missionDays,
} from './missions.service';
export {
  GUEST_FIELDS,
  type Guest,
  type GuestInput,
  MissionParticipantsService,
  type ParticipantView,
  type RegisterView,
  guestOf,
} from './mission-participants.service';
export {
  type ParticipationCertificateView,
  type ParticipationRecord,
  ParticipationService,
  type ParticipationVerification,
  newParticipationCode,
  normalizeParticipationCode,
} from './participation.service';
