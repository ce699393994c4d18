// The verify page's own check of the QR code: its fragment is a compact JWS (EdDSA) over the facts
// printed on the paper, checked here with WebCrypto against the academies' public keys. The keys
// are saved in this browser, and a service worker keeps the page, so the check also works when
// the server cannot be reached.
(() => {
  const root = document.getElementById('paper');
  if (!root) return;
  const texts = JSON.parse(root.dataset.texts || '{}');
  const out = root.querySelector('.paper-result');
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : ''));
  const say = (key, values = {}, kind = '') => {
    out.textContent = fill(texts[key] || key, values);
    out.className = `paper-result ${kind}`;
  };
  const bytes = (b64url) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const text = (b64url) => new TextDecoder().decode(bytes(b64url));

  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/verify/sw.js', { scope: '/verify/' }).catch(() => undefined);

  async function keys() {
    try {
      const answer = await fetch('/.well-known/jwks.json', { cache: 'no-cache' });
      if (answer.ok) {
        const jwks = await answer.json();
        localStorage.setItem('probity.jwks', JSON.stringify({ at: new Date().toISOString(), jwks }));
        return { jwks, savedAt: null };
      }
    } catch {
      // offline: fall back to the saved copy
    }
    const saved = JSON.parse(localStorage.getItem('probity.jwks') || 'null');
    return saved ? { jwks: saved.jwks, savedAt: saved.at } : { jwks: null, savedAt: null };
  }

  async function check() {
    const token = decodeURIComponent(location.hash.slice(1));
    const { jwks, savedAt } = await keys();
    if (!token) return;
    root.hidden = false;
    say('paper_checking');
    if (!jwks) return say('paper_no_keys', {}, 'paper-bad');
    if (!window.crypto || !crypto.subtle) return say('paper_unsupported');
    const [header64, payload64, signature64] = token.split('.');
    let header;
    let claims;
    try {
      header = JSON.parse(text(header64));
      claims = JSON.parse(text(payload64));
    } catch {
      return say('paper_bad', {}, 'paper-bad');
    }
    const jwk = (jwks.keys || []).find((k) => k.kid === header.kid);
    if (!jwk || header.alg !== 'EdDSA') return say('paper_bad', {}, 'paper-bad');
    let valid = false;
    try {
      const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
      valid = await crypto.subtle.verify(
        { name: 'Ed25519' },
        key,
        bytes(signature64),
        new TextEncoder().encode(`${header64}.${payload64}`),
      );
    } catch {
      return say('paper_unsupported');
    }
    if (!valid) return say('paper_bad', {}, 'paper-bad');
    const code = location.pathname
      .split('/')
      .pop()
      .replace(/[^0-9A-Za-z]/g, '')
      .toUpperCase();
    const onPage = root.dataset.serial ? { serial: root.dataset.serial, name: root.dataset.name, code: root.dataset.code } : null;
    if (claims.c !== code || (onPage && (claims.s !== onPage.serial || claims.n !== onPage.name || claims.c !== onPage.code)))
      return say('paper_mismatch', {}, 'paper-bad');
    const values = { kid: header.kid, serial: claims.s, name: claims.n, course: claims.k, date: claims.d };
    const revoked = await revocation(header.kid.slice(0, header.kid.lastIndexOf('-')), claims.c);
    if (revoked.listed) return say('paper_revoked', { date: revoked.savedAt || '' }, 'paper-bad');
    say('paper_ok', values, 'paper-ok');
    if (savedAt)
      out.textContent += ` ${fill(texts.paper_offline, { date: new Date(savedAt).toLocaleString(document.documentElement.lang) })}`;
    if (revoked.savedAt) out.textContent += ` ${fill(texts.paper_not_revoked, { date: revoked.savedAt })}`;
  }

  /** The academy's public list of revoked certificates, fetched when online and kept for offline checks. */
  async function revocation(academy, code) {
    const key = `probity.revocations.${academy}`;
    try {
      const answer = await fetch(`/api/v1/academies/${encodeURIComponent(academy)}/revocations`, { cache: 'no-cache' });
      if (answer.ok) {
        const list = { at: new Date().toISOString(), items: (await answer.json()).items.map((i) => i.code) };
        localStorage.setItem(key, JSON.stringify(list));
        return { listed: list.items.includes(code), savedAt: null };
      }
    } catch {
      // offline: the saved list, if any
    }
    const saved = JSON.parse(localStorage.getItem(key) || 'null');
    if (!saved) return { listed: false, savedAt: null };
    return { listed: saved.items.includes(code), savedAt: new Date(saved.at).toLocaleString(document.documentElement.lang) };
  }

  check();
  // Another QR code opened in the same tab may change only the fragment.
  window.addEventListener('hashchange', () => check());
})();
