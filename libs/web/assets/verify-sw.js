// The verify page's service worker (served at /verify/sw.js so that its scope is /verify/).
const CACHE = 'probity-verify-v2';
// The shell is fetched without cookies: the copy kept for offline use never holds anyone's name or token.
const SHELL = ['/verify/offline', '/assets/verify.js', '/assets/app.css', '/.well-known/jwks.json'];
const anonymous = (path) => fetch(new Request(path, { credentials: 'omit', cache: 'no-cache' }));
self.addEventListener('install', (event) =>
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => Promise.all(SHELL.map((path) => anonymous(path).then((r) => r.ok && c.put(path, r)))))
      .then(() => self.skipWaiting()),
  ),
);
self.addEventListener('activate', (event) =>
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  ),
);
// From the cache, marked as such, so that the page says how old its keys are.
const fromCache = (path) =>
  caches
    .open(CACHE)
    .then((c) => c.match(path))
    .then((r) => {
      if (!r) return Response.error();
      const headers = new Headers(r.headers);
      headers.set('x-probity-offline', '1');
      return r.blob().then((body) => new Response(body, { status: r.status, headers }));
    });
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  const navigate = event.request.mode === 'navigate';
  if (!navigate && !SHELL.includes(url.pathname)) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        // Keys, script and style stay current; pages are never stored from a signed-in visit.
        if (response.ok && !navigate) {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => fromCache(navigate ? '/verify/offline' : url.pathname)),
  );
});
