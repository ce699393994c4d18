import { LANGUAGE_NAMES, LOCALES, type Locale, direction, translate } from '@probity/i18n';
import { type AuthUser, type RequestLike, hasRole } from '@probity/identity';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

export interface Flash {
  kind: 'success' | 'error' | 'info';
  key: string;
  params?: Record<string, unknown>;
}

/** What every page's layout needs: language, direction, the user, navigation, CSRF token, flash. */
export interface LayoutModel {
  locale: Locale;
  dir: 'rtl' | 'ltr';
  title: string;
  user?: AuthUser;
  csrfToken?: string;
  nav: NavItem[];
  languages: { code: Locale; name: string; href: string; current: boolean }[];
  flash?: { kind: string; message: string };
  path: string;
  /** Times of day are shown in the visitor's academy's time zone (UTC for visitors without one). */
  timeZone: string;
}

/**
 * The Technical Assistance Facility's places (issue 14) for each role, as [href, label key]: facility managers and
 * platform administrators run requests and the expert roster; partner focal points and academy administrators
 * (their academy's focal points) file requests; experts see their missions. The navigation and the dashboard use it.
 */
export function assistanceLinks(user: AuthUser): [string, string][] {
  const links: [string, string][] = [];
  if (hasRole(user, 'facility_manager', 'platform_admin'))
    links.push(
      ['/assistance/dashboard', 'common:nav.facility'],
      ['/assistance/requests', 'common:nav.assistance'],
      ['/assistance/missions', 'common:nav.all_missions'],
      ['/assistance/experts', 'common:nav.experts'],
    );
  else if (hasRole(user, 'partner_focal_point', 'academy_admin')) links.push(['/assistance/requests', 'common:nav.assistance']);
  if (hasRole(user, 'expert')) links.push(['/assistance/missions', 'common:nav.missions']);
  return links;
}

/** Role-aware navigation: each person sees what their roles let them do. */
export function navigation(user: AuthUser | undefined, path: string, locale: Locale): NavItem[] {
  if (!user) return [];
  const items: [string, string][] = [
    ['/dashboard', 'common:nav.dashboard'],
    ['/catalog', 'common:nav.catalog'],
  ];
  if (hasRole(user, 'trainer', 'academy_admin', 'platform_admin'))
    items.push(['/courses', 'common:nav.courses'], ['/cohorts', 'common:nav.cohorts']);
  if (hasRole(user, 'trainer', 'academy_admin', 'platform_admin')) items.push(['/surveys/templates', 'evaluation:templates.nav']);
  items.push(['/inbox', 'common:nav.inbox']);
  if (hasRole(user, 'platform_admin', 'academy_admin')) {
    items.push(['/admin/academies', 'common:nav.academies'], ['/admin/users', 'common:nav.users'], ['/admin/audit', 'common:nav.audit']);
  }
  // Facility managers look after the experts' and focal points' accounts (role-grants.ts in identity).
  if (hasRole(user, 'facility_manager') && !hasRole(user, 'platform_admin', 'academy_admin'))
    items.push(['/admin/users', 'common:nav.users']);
  if (hasRole(user, 'academy_admin')) items.push(['/admin/certificates/design', 'common:nav.certificate_design']);
  if (hasRole(user, 'platform_admin', 'academy_admin')) items.push(['/reports/training', 'reports:nav']);
  if (hasRole(user, 'platform_admin', 'academy_admin')) items.push(['/indicators', 'indicators:nav']);
  items.push(...assistanceLinks(user));
  // Cooperation initiatives (issue 15): those who run them or speak for a member institution; participants follow the inbox's link.
  if (hasRole(user, 'facility_manager', 'platform_admin', 'academy_admin', 'partner_focal_point'))
    items.push(['/initiatives', 'cooperation:nav']);
  // Their report: facility managers, platform administrators and academy administrators (for their academy's initiatives).
  if (hasRole(user, 'facility_manager', 'platform_admin', 'academy_admin')) items.push(['/initiatives/reports', 'cooperation_reports:nav']);
  // The directory of counterparts (issue 15): facility managers here; people who took part find it on their dashboard.
  if (hasRole(user, 'facility_manager', 'platform_admin')) items.push(['/directory', 'directory:nav']);
  if (hasRole(user, 'platform_admin')) items.push(['/admin/privacy', 'register:nav']);
  // Their privacy (issue 16 point 5): the notice, what they acknowledged, their consents; administrators write the notice.
  items.push(['/me/privacy', 'privacy:nav']);
  if (hasRole(user, 'platform_admin', 'academy_admin')) items.push(['/admin/privacy-notice', 'privacy:edit.nav']);
  if (hasRole(user, 'platform_admin', 'academy_admin')) items.push(['/admin/retention', 'retention:nav']);
  return items.map(([href, key]) => ({ href, label: translate(locale, key), current: path === href || path.startsWith(`${href}/`) }));
}

/** Language switcher links keep the page and set `?lang=`. */
export function languageLinks(path: string, locale: Locale): LayoutModel['languages'] {
  return LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code], href: `${path}?lang=${code}`, current: code === locale }));
}

export function layoutModel(request: RequestLike, titleKey: string, flash?: Flash, titleParams: Record<string, unknown> = {}): LayoutModel {
  const locale = request.probity.locale;
  const path = request.url.split('?')[0];
  return {
    locale,
    dir: direction(locale),
    title: translate(locale, titleKey, titleParams),
    user: request.probity.auth,
    csrfToken: request.probity.csrfToken,
    nav: navigation(request.probity.auth, path, locale),
    languages: languageLinks(path, locale),
    flash: flash ? { kind: flash.kind, message: translate(locale, flash.key, flash.params) } : undefined,
    path,
    timeZone: request.probity.auth?.timeZone ?? 'UTC',
  };
}
