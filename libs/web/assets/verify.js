// The verify page's own check of the QR code: its fragment is a compact JWS (EdDSA) over the facts
// printed on the paper, checked here with WebCrypto against the academies' public keys. The keys
// and the academies' revocation lists are saved in this browser, and a service worker keeps the
// page, so the check also works when the server cannot be reached (and says from when its data is).
(() => {
  const root = document.getElementById('paper');
  if (!root) return;
  const texts = JSON.parse(root.dataset.texts || '{}');
  const out = root.querySelector('.paper-result');
  const lang = document.documentElement.lang;
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : ''));
  const say = (key, values = {}, kind = '') => {
    out.textContent = fill(texts[key] || key, values);
    out.className = `paper-result ${kind}`;
  };
  const add = (key, values = {}) => (out.textContent += ` ${fill(texts[key] || key, values)}`);
  const bytes = (b64url) => Uint8Array.from(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const text = (b64url) => new TextDecoder().decode(bytes(b64url));
  const when = (iso) => new Date(iso).toLocaleString(lang);

  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/verify/sw.js', { scope: '/verify/' }).catch(() => undefined);

  /** A fresh copy from the server (saved for later), or the saved one with the time it was saved. */
  async function fresh(url, key, pick) {
    try {
      const answer = await fetch(url, { cache: 'no-cache' });
      // The service worker marks what it answers from its own cache: that is not fresh.
      if (answer.ok && !answer.headers.get('x-probity-offline')) {
        const value = pick(await answer.json());
        localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), value }));
        return { value, savedAt: null };
      }
    } catch {
      // offline: the saved copy, if any
    }
    const saved = JSON.parse(localStorage.getItem(key) || 'null');
    return saved ? { value: saved.value, savedAt: saved.at } : { value: null, savedAt: null };
  }

  async function sha256(value) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function check() {
    const token = decodeURIComponent(location.hash.slice(1));
    const keys = await fresh('/.well-known/jwks.json', 'probity.jwks', (jwks) => jwks);
    if (!token) return;
    root.hidden = false;
    say('paper_checking');
    if (!keys.value) return say('paper_no_keys', {}, 'paper-bad');
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
    if (header.alg !== 'EdDSA') return say('paper_bad', {}, 'paper-bad');
    const jwk = (keys.value.keys || []).find((k) => k.kid === header.kid);
    if (!jwk) return say('paper_unknown_key', {}, 'paper-bad');
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
    // An erased holder's name is no longer on the page: the paper's signed name is what proves it (shown below).
    const nameDiffers = onPage && !root.dataset.erased && claims.n !== onPage.name;
    if (claims.c !== code || (onPage && (claims.s !== onPage.serial || nameDiffers || claims.c !== onPage.code)))
      return say('paper_mismatch', {}, 'paper-bad');
    const academy = header.kid.slice(0, header.kid.lastIndexOf('-'));
    const revoked = await fresh(`/api/v1/academies/${encodeURIComponent(academy)}/revocations`, `probity.revocations.${academy}`, (list) =>
      list.items.map((i) => i.codeSha256),
    );
    const listed = revoked.value ? revoked.value.includes(await sha256(claims.c)) : false;
    if (listed) say('paper_revoked', {}, 'paper-bad');
    else say('paper_ok', { kid: header.kid, serial: claims.s, name: claims.n, course: claims.k, date: claims.d }, 'paper-ok');
    if (keys.savedAt) add('paper_offline', { date: when(keys.savedAt) });
    if (!revoked.value) add('paper_revocations_unknown');
    else if (revoked.savedAt) add('paper_list_saved', { date: when(revoked.savedAt) });
  }

  check();
  // Another QR code opened in the same tab may change only the fragment.
  window.addEventListener('hashchange', () => check());
})();
