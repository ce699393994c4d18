import type { AuthUser } from './auth-user';
import type { Role } from './entities/user.entity';
import { canSeePerson, grantRefusal, grantableRoles, mayBeWithoutAcademy, mayChangeRoles, roleChangeRefusal } from './role-grants';

const A = 'academy-A';
const B = 'academy-B';
const person = (roles: Role[], academyId: string | null = null, id = `id-${roles.join('-')}`): AuthUser => ({
  id,
  email: `${id}@example.test`,
  fullName: id,
  roles,
  academyId,
  locale: 'en',
});
const platform = person(['platform_admin']);
const manager = person(['facility_manager']);
const adminA = person(['academy_admin'], A);
const codeOf = (refusal: { code: string; params: Record<string, unknown> } | undefined) =>
  refusal ? { code: refusal.code, ...refusal.params } : 'allowed';

describe('who may belong to no academy', () => {
  it.each([
    [['platform_admin'], true],
    [['facility_manager'], true],
    [['partner_focal_point', 'expert'], true],
    [['expert'], true],
    [['platform_admin', 'learner'], true],
    [['learner'], false],
    [['expert', 'learner'], false],
    [['academy_admin', 'partner_focal_point'], false],
    [[], false],
  ] as [Role[], boolean][])('%j → %s', (roles, expected) => {
    expect(mayBeWithoutAcademy(roles)).toBe(expected);
  });
});

describe('who gives which role when creating a person', () => {
  it.each([
    ['platform admin', ['facility_manager'], null, 'allowed', platform],
    ['platform admin', ['expert', 'learner'], A, 'allowed', platform],
    ['facility manager', ['expert'], null, 'allowed', manager],
    ['facility manager', ['partner_focal_point', 'expert'], B, 'allowed', manager],
    ['facility manager', ['learner'], A, { code: 'role_not_grantable', role: 'learner' }, manager],
    ['facility manager', ['expert', 'academy_admin'], A, { code: 'role_not_grantable', role: 'academy_admin' }, manager],
    ['facility manager', ['facility_manager'], null, { code: 'role_not_grantable', role: 'facility_manager' }, manager],
    ['facility manager', ['platform_admin'], null, { code: 'role_not_grantable', role: 'platform_admin' }, manager],
    ['academy admin', ['partner_focal_point'], A, 'allowed', adminA],
    ['academy admin', ['learner', 'partner_focal_point'], A, 'allowed', adminA],
    ['academy admin', ['partner_focal_point'], B, { code: 'other_academy' }, adminA],
    ['academy admin', ['partner_focal_point'], null, { code: 'other_academy' }, adminA],
    ['academy admin', ['expert'], A, { code: 'role_not_grantable', role: 'expert' }, adminA],
    ['academy admin', ['facility_manager'], A, { code: 'role_not_grantable', role: 'facility_manager' }, adminA],
    ['academy admin', ['platform_admin'], A, { code: 'role_not_grantable', role: 'platform_admin' }, adminA],
    ['partner focal point', ['partner_focal_point'], null, { code: 'forbidden' }, person(['partner_focal_point'])],
    ['expert', ['expert'], null, { code: 'forbidden' }, person(['expert'])],
    ['manager and academy admin', ['expert', 'learner'], A, 'allowed', person(['facility_manager', 'academy_admin'], A)],
    ['manager and academy admin', ['expert', 'learner'], B, { code: 'other_academy' }, person(['facility_manager', 'academy_admin'], A)],
  ] as [string, Role[], string | null, unknown, AuthUser][])('%s gives %j in %s: %j', (_, roles, academyId, expected, actor) => {
    expect(codeOf(grantRefusal(actor, roles, academyId))).toEqual(expected);
  });

  it('offers on the pages exactly the roles the checks allow', () => {
    expect(grantableRoles(platform)).toHaveLength(7);
    expect(grantableRoles(manager)).toEqual(['partner_focal_point', 'expert']);
    expect(grantableRoles(adminA)).toEqual(['learner', 'trainer', 'academy_admin', 'partner_focal_point']);
    expect(grantableRoles(person(['expert']))).toEqual([]);
  });
});

describe('who changes whose roles', () => {
  const expertA = person(['expert'], A, 'expert-a');
  const learnerExpertA = person(['learner', 'expert'], A, 'learner-expert-a');

  it.each([
    ['facility manager makes an expert a focal point too', manager, expertA, ['expert', 'partner_focal_point'], 'allowed'],
    ['facility manager makes an expert a learner', manager, expertA, ['learner'], { code: 'role_not_grantable', role: 'learner' }],
    ['facility manager touches a learner who is also an expert', manager, learnerExpertA, ['learner'], { code: 'forbidden' }],
    ['facility manager changes their own roles', manager, manager, ['facility_manager', 'expert'], { code: 'forbidden' }],
    ['academy admin adds a trainer, keeping the expert role', adminA, learnerExpertA, ['learner', 'trainer', 'expert'], 'allowed'],
    ['academy admin takes the expert role away', adminA, learnerExpertA, ['learner'], { code: 'role_not_grantable', role: 'expert' }],
    ['academy admin gives a focal point role', adminA, learnerExpertA, ['learner', 'expert', 'partner_focal_point'], 'allowed'],
    ['academy admin makes a platform admin', adminA, expertA, ['platform_admin'], { code: 'role_not_grantable', role: 'platform_admin' }],
    ['platform admin does anything', platform, learnerExpertA, ['facility_manager'], 'allowed'],
  ] as [string, AuthUser, AuthUser, Role[], unknown][])('%s', (_, actor, target, wanted, expected) => {
    expect(codeOf(roleChangeRefusal(actor, target, wanted))).toEqual(expected);
  });

  it('shows the roles form only to who may use it', () => {
    expect(mayChangeRoles(manager, expertA)).toBe(true);
    expect(mayChangeRoles(manager, learnerExpertA)).toBe(false);
    expect(mayChangeRoles(adminA, learnerExpertA)).toBe(true);
    expect(mayChangeRoles(person(['academy_admin'], B), expertA)).toBe(false);
  });
});

describe('who sees whom', () => {
  it('shows a facility manager the experts and focal points of any academy or none, and themselves, but no one else', () => {
    const memberOfA = person(['facility_manager', 'learner'], A, 'manager-of-a');
    expect(canSeePerson(memberOfA, person(['expert']))).toBe(true);
    expect(canSeePerson(memberOfA, person(['learner', 'partner_focal_point'], B))).toBe(true);
    expect(canSeePerson(memberOfA, memberOfA)).toBe(true);
    expect(canSeePerson(memberOfA, person(['learner'], A))).toBe(false);
    expect(canSeePerson(memberOfA, person(['facility_manager'], null, 'another-manager'))).toBe(false);
  });

  it('keeps an academy administrator to their academy, and a platform administrator sees all', () => {
    expect(canSeePerson(adminA, person(['expert']))).toBe(false);
    expect(canSeePerson(adminA, person(['expert'], A))).toBe(true);
    expect(canSeePerson(adminA, person(['learner'], B))).toBe(false);
    expect(canSeePerson(platform, person(['learner'], B))).toBe(true);
  });
});
