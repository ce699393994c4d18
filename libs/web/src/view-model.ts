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
  if (hasRole(user, 'academy_admin')) items.push(['/admin/certificates/design', 'common:nav.certificate_design']);
  if (hasRole(user, 'platform_admin', 'academy_admin')) items.push(['/reports/training', 'reports:nav']);
  if (hasRole(user, 'platform_admin', 'academy_admin')) items.push(['/indicators', 'indicators:nav']);
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
