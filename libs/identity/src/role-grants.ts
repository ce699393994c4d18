import { Forbidden } from '@probity/i18n';
import { type AuthUser, canSeeAcademy, hasRole } from './auth-user';
import { ROLES, type Role } from './entities/user.entity';

/**
 * Who may give which role, and who sees whom in the lists of people (issue 14, ADR 0012). One place for the
 * service's checks and for what the pages offer: a page shows a checkbox or a button only when these say yes.
 *
 * - A platform administrator gives every role to anyone.
 * - An academy administrator gives `ACADEMY_GRANTED_ROLES` to people of their own academy (a partner focal point
 *   too: the academy's own contact for the Facility), never a platform administrator, facility manager or expert.
 * - A facility manager gives `FACILITY_MANAGED_ROLES` (experts and partner focal points, of any academy or none)
 *   to people who hold nothing else: a learner, an administrator or another manager is not theirs to change.
 */

/** The Technical Assistance Facility's roles: a person holding only these may belong to no academy. */
export const FACILITY_ROLES: readonly Role[] = ['facility_manager', 'partner_focal_point', 'expert'];

/** The roles a facility manager gives and takes away. */
export const FACILITY_MANAGED_ROLES: readonly Role[] = ['partner_focal_point', 'expert'];

/** The roles an academy administrator gives and takes away, in their own academy. */
export const ACADEMY_GRANTED_ROLES: readonly Role[] = ['learner', 'trainer', 'academy_admin', 'partner_focal_point'];

/** Whether a person with these roles may belong to no academy: platform administrators, and the Facility's roles alone. */
export function mayBeWithoutAcademy(roles: readonly Role[]): boolean {
  return roles.includes('platform_admin') || (roles.length > 0 && roles.every((role) => FACILITY_ROLES.includes(role)));
}

/** Whether the roles are all ones a facility manager looks after (and there is at least one). */
function facilityOnly(roles: readonly Role[]): boolean {
  return roles.length > 0 && roles.every((role) => FACILITY_MANAGED_ROLES.includes(role));
}

/** The roles `actor` may give to somebody (in ROLES' order); empty for everybody but administrators and facility managers. */
export function grantableRoles(actor: AuthUser): Role[] {
  if (hasRole(actor, 'platform_admin')) return [...ROLES];
  return ROLES.filter(
    (role) =>
      (hasRole(actor, 'facility_manager') && FACILITY_MANAGED_ROLES.includes(role)) ||
      (hasRole(actor, 'academy_admin') && ACADEMY_GRANTED_ROLES.includes(role)),
  );
}

/** Whether a facility manager `actor` looks after `target`: a person holding only experts' and focal points' roles. */
export function facilityManages(actor: AuthUser, target: { roles: readonly Role[] }): boolean {
  return hasRole(actor, 'facility_manager') && facilityOnly(target.roles);
}

/**
 * Whether `actor` sees `target` among the people: platform administrators everybody; academy administrators (and,
 * as before, anyone asking through a service) the people of their academy; facility managers every person holding
 * an expert's or a focal point's role, and themselves, but not the rest of an academy they are a member of.
 */
export function canSeePerson(actor: AuthUser, target: { id: string; roles: readonly Role[]; academyId: string | null }): boolean {
  if (hasRole(actor, 'platform_admin')) return true;
  if (hasRole(actor, 'facility_manager')) {
    if (target.id === actor.id || target.roles.some((role) => FACILITY_MANAGED_ROLES.includes(role))) return true;
    if (!hasRole(actor, 'academy_admin')) return false;
  }
  return canSeeAcademy(actor, target.academyId);
}

/** Whether `actor` may change `target`'s roles at all (which roles: `roleChangeRefusal`). Pages show the roles' form by it. */
export function mayChangeRoles(actor: AuthUser, target: { roles: readonly Role[]; academyId: string | null }): boolean {
  if (hasRole(actor, 'platform_admin')) return true;
  if (target.roles.includes('platform_admin')) return false;
  return (
    (hasRole(actor, 'academy_admin') && target.academyId !== null && target.academyId === actor.academyId) || facilityManages(actor, target)
  );
}

/**
 * Why `actor` may not create a person with `roles` in `academyId` (null: no academy), or undefined when they may:
 * `role_not_grantable` for a role none of their capacities gives, `other_academy` for an academy administrator's
 * role in another academy (or none), `forbidden` for people who give no roles at all.
 */
export function grantRefusal(actor: AuthUser, roles: readonly Role[], academyId: string | null): Forbidden | undefined {
  if (hasRole(actor, 'platform_admin')) return undefined;
  const manager = hasRole(actor, 'facility_manager');
  const admin = hasRole(actor, 'academy_admin');
  if (!manager && !admin) return new Forbidden();
  const byManager = (role: Role): boolean => manager && FACILITY_MANAGED_ROLES.includes(role);
  const refused = roles.find((role) => !byManager(role) && !(admin && ACADEMY_GRANTED_ROLES.includes(role)));
  if (refused) return new Forbidden('role_not_grantable', { role: refused });
  if (roles.some((role) => !byManager(role)) && (academyId === null || academyId !== actor.academyId))
    return new Forbidden('other_academy');
  return undefined;
}

/**
 * Why `actor` may not change `target`'s roles to `wanted`, or undefined when they may. Only the roles given or taken
 * away count, so an academy administrator keeps a member's expert role in place while adding a trainer's.
 */
export function roleChangeRefusal(
  actor: AuthUser,
  target: { roles: readonly Role[]; academyId: string | null },
  wanted: readonly Role[],
): Forbidden | undefined {
  if (hasRole(actor, 'platform_admin')) return undefined;
  if (!hasRole(actor, 'facility_manager', 'academy_admin')) return new Forbidden();
  if (target.roles.includes('platform_admin')) return new Forbidden();
  const changed = ROLES.filter((role) => target.roles.includes(role) !== wanted.includes(role));
  const managed = facilityManages(actor, target);
  const ownAcademy = hasRole(actor, 'academy_admin') && target.academyId !== null && target.academyId === actor.academyId;
  for (const role of changed) {
    if (managed && FACILITY_MANAGED_ROLES.includes(role)) continue;
    if (ownAcademy && ACADEMY_GRANTED_ROLES.includes(role)) continue;
    if (hasRole(actor, 'academy_admin') && ACADEMY_GRANTED_ROLES.includes(role)) return new Forbidden('other_academy');
    if (hasRole(actor, 'facility_manager') && FACILITY_MANAGED_ROLES.includes(role)) return new Forbidden();
    return new Forbidden('role_not_grantable', { role });
  }
  return mayChangeRoles(actor, target) ? undefined : new Forbidden();
}
