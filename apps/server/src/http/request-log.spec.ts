import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { PinoNestLogger, loggedUrl, registerRequestLog } from './request-log';

function capture(level = 'info'): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ level }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('request log', () => {
  it('writes one line per request in pino-http shape, without the query, and skips health and static files', async () => {
    const { logger, lines } = capture();
    const app = Fastify({ genReqId: () => 'req-1' });
    registerRequestLog(app, logger);
    app.get('/api/v1/me', () => ({ ok: true }));
    app.get('/health/ready', () => ({ ok: true }));
    app.get('/assets/app.css', () => 'body{}');
    app.get('/boom', () => {
      throw new Error('boom');
    });
    await app.inject({ url: '/api/v1/me?token=secret-value' });
    await app.inject({ url: '/health/ready' });
    await app.inject({ url: '/assets/app.css' });
    await app.inject({ url: '/boom' });
    await app.close();
    const written = lines();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'req-1', method: 'GET', url: '/api/v1/me' },
      res: { statusCode: 200 },
    });
    expect(typeof written[0].responseTime).toBe('number');
    expect(JSON.stringify(written)).not.toContain('secret-value');
    expect(written[1]).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } });
  });

  it('at warn logs only failed requests', async () => {
    const { logger, lines } = capture('warn');
    const app = Fastify();
    registerRequestLog(app, logger);
    app.get('/ok', () => 'ok');
    app.get('/boom', () => {
      throw new Error('boom');
    });
    await app.inject({ url: '/ok' });
    await app.inject({ url: '/boom' });
    await app.close();
    expect(lines().map((line) => line.req)).toEqual([expect.objectContaining({ url: '/boom' })]);
  });
});

describe('PinoNestLogger', () => {
  it('prints errors and objects as text with their context, never [object Object]', () => {
    const { logger, lines } = capture('debug');
    const nest = new PinoNestLogger(logger);
    nest.log('started', 'Bootstrap');
    nest.error('failed', 'Error: failed\n    at somewhere', 'Jobs');
    nest.warn({ queue: 'probity.certificates' }, 'Queue');
    nest.debug(new Error('detail'));
    nest.verbose('hidden at debug');
    const written = lines();
    expect(written.map((line) => [line.level, line.context ?? null])).toEqual([
      [30, 'Bootstrap'],
      [50, 'Jobs'],
      [40, 'Queue'],
      [20, null],
    ]);
    expect(written[1].msg).toBe('failed\nError: failed\n    at somewhere');
    expect(written[2].msg).toBe('{"queue":"probity.certificates"}');
    expect(String(written[3].msg)).toContain('Error: detail');
    expect(JSON.stringify(written)).not.toContain('[object Object]');
  });
});

describe('loggedUrl', () => {
  it('drops the query string and the secret of a follow-up link', () => {
    expect(loggedUrl('/api/v1/me?token=abc')).toBe('/api/v1/me');
    expect(loggedUrl('/f/s3cr3t-token_value?lang=ur')).toBe('/f/…');
    expect(loggedUrl('/f/s3cr3t/answer')).toBe('/f/…/answer');
  });
});
