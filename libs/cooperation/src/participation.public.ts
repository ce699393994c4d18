// What the participation part of the cooperation context exports (participants per institution and the register).
export { InitiativeParticipationService, type InitiativeParticipantView, type InitiativeRegisterView } from './participation.service';
