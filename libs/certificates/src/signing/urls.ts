/** The public URLs that credentials name; `publicUrl` is the site's origin, e.g. `https://probity.example`. */

export function issuerUrl(publicUrl: string, academyCode: string): string {
  return `${origin(publicUrl)}/academies/${academyCode}`;
}

export function keyUrl(publicUrl: string, academyCode: string, kid: string): string {
  return `${issuerUrl(publicUrl, academyCode)}/keys/${kid}`;
}

export function statusListUrl(publicUrl: string, academyCode: string): string {
  return `${origin(publicUrl)}/status/${academyCode}`;
}

export function achievementUrl(publicUrl: string, courseVersionId: string): string {
  return `${origin(publicUrl)}/achievements/${courseVersionId}`;
}

function origin(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`publicUrl must be http(s): ${publicUrl}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
