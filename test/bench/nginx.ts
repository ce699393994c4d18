/**
 * A private nginx for the bench, as test/cluster/run.sh starts one: deploy/nginx/probity.conf adapted (its own
 * prefix folder, a free port on 127.0.0.1, the upstream list written by deploy/nginx/probity-upstreams.sh from the
 * servers' readiness), run in the foreground as a child of the bench and stopped with it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { projectRoot } from '@probity/i18n';

export interface Nginx {
  /** The port nginx listens on (127.0.0.1). */
  port: number;
  /** The upstream list nginx was given, as probity-upstreams.sh wrote it. */
  upstreams: string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on at this moment (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Debian's nginx (/usr/sbin/nginx, or nginx on the PATH), or undefined with the reason it cannot be used. */
export function findNginx(): { path?: string; reason?: string } {
  const candidates = ['/usr/sbin/nginx', ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nginx'))];
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      continue;
    }
    for (const tool of ['curl', 'sh']) {
      if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).error)
        return { reason: `${tool} is missing (probity-upstreams.sh needs it)` };
    }
    return { path };
  }
  return { reason: 'nginx is not installed (apt-get install nginx)' };
}

/** nginx in front of `servers` (`127.0.0.1:port` each), with deploy/'s configuration; answers once /health passes through it. */
export async function startNginx(binary: string, servers: string[]): Promise<Nginx> {
  const root = projectRoot();
  const work = mkdtempSync(join(tmpdir(), 'probity-bench-nginx-'));
  chmodSync(work, 0o755);
  const port = await freePort();
  const upstreamsFile = join(work, 'probity-upstreams.conf');
  const site = readFileSync(join(root, 'deploy', 'nginx', 'probity.conf'), 'utf8')
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace(/^\s*listen \[::\]:80;\n/m, '')
    .replace('include /etc/nginx/probity-upstreams.conf;', `include ${upstreamsFile};`);
  if (!site.includes(`listen 127.0.0.1:${port};`) || !site.includes(upstreamsFile))
    throw new Error('deploy/nginx/probity.conf changed: the bench cannot adapt its listen or include lines any more');
  writeFileSync(join(work, 'probity.conf'), site);
  writeFileSync(
    join(work, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 2;',
      `pid ${work}/nginx.pid;`,
      `error_log ${work}/nginx-error.log warn;`,
      process.getuid?.() === 0 ? 'user root;' : '',
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${work}/${name};`),
      `  include ${work}/probity.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const written = spawnSync('sh', [join(root, 'deploy', 'nginx', 'probity-upstreams.sh'), upstreamsFile, ...servers], {
    env: { ...process.env, PROBITY_NGINX_RELOAD: 'true' },
    encoding: 'utf8',
  });
  if (written.status !== 0) throw new Error(`probity-upstreams.sh: ${written.status} ${written.stderr}`);
  const upstreams = readFileSync(upstreamsFile, 'utf8');
  if ((upstreams.match(/^server /gm) ?? []).length !== servers.length || upstreams.includes(' down;'))
    throw new Error(`probity-upstreams.sh did not find every server ready:\n${upstreams}`);
  const args = ['-c', join(work, 'nginx.conf'), '-p', work, '-e', join(work, 'nginx-error.log')];
  const test = spawnSync(binary, ['-t', '-q', ...args], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t: ${test.stderr}`);
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(work, { recursive: true, force: true });
  };
  try {
    for (let tries = 0; ; tries++) {
      if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${readLog(work)}`);
      const status = await fetch(`http://127.0.0.1:${port}/health`).then(
        (answer) => answer.status,
        () => 0,
      );
      if (status === 200) break;
      if (tries > 50) throw new Error(`no 200 from nginx's /health after 10 s (last: ${status}): ${readLog(work)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, upstreams, stop };
}

function readLog(work: string): string {
  try {
    return readFileSync(join(work, 'nginx-error.log'), 'utf8').split('\n').slice(-10).join('\n');
  } catch {
    return '(no error log)';
  }
}
