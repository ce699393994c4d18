import type Handlebars from 'handlebars';
import { type Locale, formatDate, formatNumber, isLocale, translate } from '@probity/i18n';
import { assetVersions } from './assets';

interface HelperOptions extends Handlebars.HelperOptions {
  data: { root: { locale?: string } };
}

function localeOf(options: HelperOptions): Locale {
  const locale = options.data.root.locale;
  return isLocale(locale) ? locale : 'en';
}

/** Handlebars helpers: `{{t "ns:key" count=n}}`, dates and numbers in the page's locale, small logic. */
export function registerHelpers(handlebars: typeof Handlebars): void {
  // `{{asset "app.css"}}` → `/assets/app.css?v=<sha256 prefix>`, hashed once here at boot (rolling deploys, long caches).
  const assets = assetVersions();
  // The URL is a known path and a hex digest: nothing to escape, and it must stay as it is inside <style>.
  handlebars.registerHelper('asset', (name: string) => new handlebars.SafeString(assets.url(name)));
  handlebars.registerHelper('t', function (this: unknown, key: string, options: HelperOptions) {
    return translate(localeOf(options), key, options.hash as Record<string, unknown>);
  });
  handlebars.registerHelper('date', (value: Date | string, options: HelperOptions) => (value ? formatDate(localeOf(options), value) : ''));
  handlebars.registerHelper('datetime', (value: Date | string, options: HelperOptions) =>
    value ? formatDate(localeOf(options), value, 'datetime', (options.data.root as { timeZone?: string }).timeZone) : '',
  );
  handlebars.registerHelper('formatNumber', (value: number, options: HelperOptions) => formatNumber(localeOf(options), value));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  handlebars.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
  handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value));
  handlebars.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
}
