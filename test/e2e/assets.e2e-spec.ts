import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMMUTABLE_CACHE, SHORT_CACHE, assetsDir, fontFiles } from '@probity/web';
import { type TestApp, createTestApp } from '../support/test-app';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex').slice(0, 12);
const cssVersion = sha(readFileSync(join(assetsDir(), 'app.css')));

describe('assets: content-hashed URLs for rolling deploys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('links the stylesheet, the scripts and the fonts with the sha-256 prefix of their content', async () => {
    const login = await t.http().get('/login?lang=en');
    expect(login.status).toBe(200);
    expect(login.text).toContain(`<link rel="stylesheet" href="/assets/app.css?v=${cssVersion}">`);
    const font = sha(readFileSync(join(assetsDir(), 'fonts', 'noto-nastaliq-urdu-400.woff2')));
    expect(login.text).toContain(`url('/assets/fonts/noto-nastaliq-urdu-400.woff2?v=${font}')`);
    const verify = await t.http().get('/verify?lang=en');
    expect(verify.text).toContain(`src="/assets/verify.js?v=${sha(readFileSync(join(assetsDir(), 'verify.js')))}"`);
  });

  it('answers the current URL, an old version and the bare path alike (an old page keeps working)', async () => {
    const body = readFileSync(join(assetsDir(), 'app.css'), 'utf8');
    for (const url of [`/assets/app.css?v=${cssVersion}`, '/assets/app.css?v=000000000000', '/assets/app.css']) {
      const res = await t.http().get(url);
      expect(res.status).toBe(200);
      expect(res.text).toBe(body);
    }
    const font = await t.http().get('/fonts/noto-sans-400.ttf?v=000000000000');
    expect(font.status).toBe(200);
  });
});

describe('assets: cache lifetimes, as the app serves /assets/ and /fonts/', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lets caches keep a matching version for a year, immutable', async () => {
    expect(IMMUTABLE_CACHE).toBe('public, max-age=31536000, immutable');
    const font = sha(readFileSync(fontFiles()['noto-sans-400.ttf']));
    for (const url of [`/assets/app.css?v=${cssVersion}`, `/fonts/noto-sans-400.ttf?v=${font}`]) {
      const res = await t.http().get(url);
      expect([url, res.status, res.headers['cache-control']]).toEqual([url, 200, IMMUTABLE_CACHE]);
    }
  });

  it('keeps an old, unknown or missing version only briefly: the content under it is not the one it names', async () => {
    for (const url of [
      '/assets/app.css?v=000000000000',
      '/assets/app.css',
      `/assets/verify.js?v=${cssVersion}`,
      '/fonts/noto-sans-400.ttf',
      '/fonts/noto-sans-400.ttf?v=000000000000',
    ]) {
      const res = await t.http().get(url);
      expect([url, res.status, res.headers['cache-control']]).toEqual([url, 200, SHORT_CACHE]);
    }
  });
});
