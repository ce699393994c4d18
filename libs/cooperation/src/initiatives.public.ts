// What the initiatives part of the cooperation context exports (services, DTOs, views).
export * from './dto/initiatives.dto';
export { type InitiativeAccess, InitiativeAccessService, LIVE_INITIATIVE } from './initiative-access.service';
export {
  INITIATIVE_CHANGEABLE,
  INITIATIVE_MOVES,
  type InitiativeMemberView,
  type InitiativeMove,
  type InitiativeView,
  InitiativesService,
  initiativeDays,
} from './initiatives.service';
export { InitiativeMembersService } from './initiative-members.service';
export { MATERIAL_TYPES, type MaterialMediaType, MaterialsService, materialName, sniffMaterial } from './materials.service';
export type { InitiativeScope, MaterialInfo } from './repositories/initiatives.repository';
