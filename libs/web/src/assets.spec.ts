import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssetVersions, IMMUTABLE_CACHE, SHORT_CACHE } from './assets';

describe('AssetVersions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probity-assets-'));
  mkdirSync(join(dir, 'img'));
  writeFileSync(join(dir, 'app.css'), 'body{}');
  writeFileSync(join(dir, 'img', 'logo.svg'), '<svg/>');
  writeFileSync(join(dir, 'font.ttf'), 'font');
  const versions = new AssetVersions(dir, { 'noto.ttf': join(dir, 'font.ttf') });
  const sha = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

  it('names each file by the sha-256 prefix of its content, in folders and for fonts too', () => {
    expect(versions.url('app.css')).toBe(`/assets/app.css?v=${sha('body{}')}`);
    expect(versions.url('/assets/img/logo.svg')).toBe(`/assets/img/logo.svg?v=${sha('<svg/>')}`);
    expect(versions.url('/fonts/noto.ttf')).toBe(`/fonts/noto.ttf?v=${sha('font')}`);
  });

  it('leaves a path it does not serve as it is', () => {
    expect(versions.url('missing.js')).toBe('/assets/missing.js');
  });

  it('gives a year only to the version it serves', () => {
    expect(versions.cacheControl(`/assets/app.css?v=${sha('body{}')}`)).toBe(IMMUTABLE_CACHE);
    expect(versions.cacheControl(`/assets/app.css?x=1&v=${sha('body{}')}`)).toBe(IMMUTABLE_CACHE);
    expect(versions.cacheControl('/assets/app.css?v=000000000000')).toBe(SHORT_CACHE);
    expect(versions.cacheControl('/assets/app.css')).toBe(SHORT_CACHE);
    expect(versions.cacheControl('/assets/%E0%A4%A?v=1')).toBe(SHORT_CACHE);
    expect(versions.cacheControl(`/assets/missing.js?v=${sha('body{}')}`)).toBe(SHORT_CACHE);
  });
});
