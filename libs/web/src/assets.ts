import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { assetsDir, fontFiles } from './paths';

/** A year, the longest lifetime caches honour: a versioned URL never changes its content. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** An asset asked for without its current version (an old page during a rolling deploy, a hand-typed URL). */
export const SHORT_CACHE = 'public, max-age=300, must-revalidate';

const HASH_LENGTH = 12;

function digest(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, HASH_LENGTH);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The content hash of every file that pages link (`/assets/*` and `/fonts/*`), computed once at boot. Pages link
 * `/assets/app.css?v=<hash>`: a new release gets new URLs, so browsers and proxies may keep each version for a year,
 * while the unversioned path still answers (an old page's `?v=` keeps working on a new replica, and the reverse).
 */
export class AssetVersions {
  private readonly versions = new Map<string, string>();

  constructor(dir: string = assetsDir(), fonts: Record<string, string> = fontFiles()) {
    for (const path of filesUnder(dir))
      this.versions.set(`/assets/${relative(dir, path).split(sep).join('/')}`, digest(readFileSync(path)));
    for (const [name, path] of Object.entries(fonts)) this.versions.set(`/fonts/${name}`, digest(readFileSync(path)));
  }

  /** The current version of a served path (`/assets/app.css`), or undefined for a file that is not served. */
  version(path: string): string | undefined {
    return this.versions.get(path);
  }

  /** `app.css` or `/assets/app.css` → `/assets/app.css?v=<hash>`; a path without a known file stays as it is. */
  url(name: string): string {
    const path = name.startsWith('/') ? name : `/assets/${name}`;
    const version = this.versions.get(path);
    return version ? `${path}?v=${version}` : path;
  }

  /** The `Cache-Control` for a request URL: a year when its `?v=` names the content this process serves. */
  cacheControl(url: string): string {
    const [path, query = ''] = url.split('?', 2);
    const asked = new URLSearchParams(query).get('v');
    let version: string | undefined;
    try {
      version = this.versions.get(decodeURIComponent(path));
    } catch {
      version = undefined; // a malformed escape names no file of ours
    }
    return version !== undefined && asked === version ? IMMUTABLE_CACHE : SHORT_CACHE;
  }
}

let shared: AssetVersions | undefined;

/** The process's asset versions, hashed on first use (at boot, when the helpers are registered). */
export function assetVersions(): AssetVersions {
  return (shared ??= new AssetVersions());
}

interface ReplyLike {
  request: { url: string };
  header(name: string, value: string): unknown;
}

/**
 * Options for `@fastify/static` serving `/assets/`: the stock `max-age` is replaced by a year for a matching `?v=`
 * and five minutes otherwise. Use: `app.register(fastifyStatic, assetStaticOptions())`.
 */
export function assetStaticOptions(versions: AssetVersions = assetVersions()): {
  root: string;
  prefix: string;
  decorateReply: false;
  cacheControl: false;
  setHeaders: (reply: ReplyLike) => void;
} {
  return {
    root: assetsDir(),
    prefix: '/assets/',
    decorateReply: false,
    cacheControl: false,
    setHeaders: (reply: ReplyLike) => void reply.header('cache-control', versions.cacheControl(reply.request.url)),
  };
}
