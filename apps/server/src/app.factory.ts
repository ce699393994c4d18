import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { Logger as NestLogger, ShutdownSignal } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import handlebars from 'handlebars';
import helmet from 'helmet';
import { assetStaticOptions, registerHelpers, viewsDir } from '@probity/web';
import { AppModule } from './app.module';
import { checkQueryAndParams, formBodyParser, isBadText, jsonBodyParser, RequestRefused } from './http/body-limits';
import { AuthService } from '@probity/identity';
import { Readiness, envMilliseconds } from '@probity/database';
import { anonymousBodyLimit } from './http/anonymous-bodies';
import { ProbityExceptionFilter } from './http/exception.filter';
import { resolveLocale, sessionLocale } from './http/locale.hook';
import { PinoNestLogger, registerRequestLog, rootLogger } from './http/request-log';
import { validationPipe } from './http/validation';
import { PrivacyGate } from './http/privacy-gate';
import { PrivacyNoticesService } from '@probity/privacy';

export const BODY_LIMIT = 1024 * 1024;

/** `PROBITY_TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges of reverse proxies; default: loopback only. */
export function trustedProxies(value: string | undefined): string[] {
  const list = (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return list.length ? list : ['loopback'];
}
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Stops a server without failing requests: /health/ready answers 503 at once (the load balancer stops sending),
 * requests keep being served for `drainMs` (PROBITY_DRAIN_MS), then the server closes (Fastify finishes the
 * requests under way and answers 503 to new ones on open connections).
 */
export async function drainAndClose(app: NestFastifyApplication, drainMs: number): Promise<void> {
  app.get(Readiness).drain();
  const logger = new NestLogger('Shutdown');
  if (drainMs > 0) {
    logger.log(`not ready any more; closing in ${drainMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, drainMs));
  }
  await app.close();
}

/** The whole HTTP application, as `main.ts` serves it and the e2e tests drive it. */
export async function createApp(options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    // A client that takes longer than this to send its request, or leaves its connection silent, is cut off
    // (PROBITY_HTTP_REQUEST_TIMEOUT_MS, PROBITY_HTTP_CONNECTION_TIMEOUT_MS; see EnvDto).
    requestTimeout: envMilliseconds('PROBITY_HTTP_REQUEST_TIMEOUT_MS', 60_000),
    connectionTimeout: envMilliseconds('PROBITY_HTTP_CONNECTION_TIMEOUT_MS', 120_000),
    // Only proxies we were told about may name the client's address (X-Forwarded-For): by default a reverse
    // proxy on this host. Otherwise anyone could pick the address that rate limits count.
    trustProxy: trustedProxies(process.env.PROBITY_TRUSTED_PROXIES),
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      req.headers['x-request-id'] = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true, abortOnError: false });
  const fastify = app.getHttpAdapter().getInstance();
  if (options.logger !== false) {
    const logger = rootLogger();
    app.useLogger(new PinoNestLogger(logger));
    registerRequestLog(fastify, logger);
  } else app.useLogger(false);

  await app.register(cookie);
  // Pages and JSON compressed for the browser (issue 17 point 5: under 150 kB on first load); brotli at quality 4.
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });
  // Security headers (helmet), built once: @fastify/helmet rebuilt the whole policy on every request (measured: a
  // few percent of the CPU of GET /api/v1/me).
  const securityHeaders = helmet({
    // Academies often serve Probity over plain HTTP on an intranet: no HSTS or upgrade by default.
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: null,
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  // A URL with this build's content hash (`{{asset}}`) is cached for a year; any other for five minutes (rolling deploys).
  await app.register(fastifyStatic, assetStaticOptions());

  // Bodies are checked for their shape while parsed (depth, key and value counts, NUL, lone surrogates, numbers
  // beyond 2^53), and query strings and path parameters before any guard: a hostile request costs milliseconds.
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, jsonBodyParser(fastify));
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: BODY_LIMIT }, formBodyParser());
  fastify.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
    typeof body === 'string' && isBadText(body) ? done(new RequestRefused('bad_text'), undefined) : done(null, body),
  );
  fastify.addHook('preValidation', checkQueryAndParams);
  fastify.addHook('preParsing', anonymousBodyLimit(app.get(AuthService)));
  fastify.addHook('onRequest', resolveLocale);
  fastify.addHook('preHandler', sessionLocale(app.get(AuthService)));
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    // API answers hold people's records and tokens: no browser or proxy keeps them.
    if (request.url.startsWith('/api/v1/')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  registerHelpers(handlebars);
  app.setViewEngine({
    engine: { handlebars },
    templates: viewsDir(),
    layout: 'layouts/main.hbs',
    options: { partials: { field: 'partials/field.hbs', itemForm: 'partials/item-form.hbs' } },
  });

  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProbityExceptionFilter());
  // Pages wait for a published privacy notice to be acknowledged first (issue 16 point 5); the API never does.
  app.useGlobalInterceptors(new PrivacyGate(app.get(PrivacyNoticesService)));
  // SIGTERM drains first (main.ts, `drainAndClose`); other signals close at once.
  app.enableShutdownHooks(Object.values(ShutdownSignal).filter((signal) => signal !== ShutdownSignal.SIGTERM));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Probity API')
      .setDescription(
        'Due-process training: academies, people, courses, cohorts, assessments, certificates. Errors: {statusCode, error, message, details}.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
