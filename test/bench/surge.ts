/**
 * The exam-start surge: every learner of a cohort starts the same timed post-test within a few
 * seconds, saves an answer to each item and submits; then the save route alone, Probity against
 * the baseline, with autocannon. Requests go to 127.0.0.1 only, over keep-alive connections, with
 * a bounded number in flight.
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { type SurgeSeed, answerFor } from './surge-seed';

type Route = 'start' | 'save' | 'submit';

export interface SurgeFigures {
  learners: number;
  inFlight: number;
  arrivalSeconds: number;
  /** Latencies (ms) of the answered requests, per route. */
  latencies: Record<Route, number[]>;
  errors: Record<Route, number>;
  /** The first few errors, to say what went wrong. */
  samples: string[];
  /** Seconds from the first start to the last answer. */
  totalSeconds: number;
  /** Seconds from the first start until the last learner's attempt was started. */
  lastStartSeconds: number;
  passed: number;
}

export interface SaveFigures {
  rps: number;
  /** The server's CPU time per answer, µs (run.ts measures it). */
  cpuUs?: number;
  p50: number;
  p99: number;
}

interface Answer {
  status: number;
  body: unknown;
}

/** A semaphore with a fast lane: a learner's start never waits behind others' autosaves. */
class Slots {
  private readonly urgent: (() => void)[] = [];
  private readonly normal: (() => void)[] = [];
  private free: number;

  constructor(size: number) {
    this.free = size;
  }

  async take(urgent: boolean): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => (urgent ? this.urgent : this.normal).push(resolve));
  }

  give(): void {
    const next = this.urgent.shift() ?? this.normal.shift();
    if (next) next();
    else this.free++;
  }
}

function call(agent: Agent, port: number, method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text for the error report
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface StartedAttempt {
  id: string;
  items: { id: string; type: string; options?: { id: string }[] }[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of a list of latencies (ms, rounded to 0.1). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10;
}

/**
 * `learners` arrive evenly spread over `arrivalSeconds`; each starts the post-test, saves its 20
 * answers one after another (about three in four right) and submits. At most `inFlight` requests
 * are in flight at once; latency is measured from sending to the last byte of the answer.
 */
export async function runSurge(
  port: number,
  seed: SurgeSeed,
  tokens: string[],
  options: { inFlight?: number; arrivalSeconds?: number } = {},
): Promise<SurgeFigures> {
  const inFlight = options.inFlight ?? 64;
  const arrivalSeconds = options.arrivalSeconds ?? 10;
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const slots = new Slots(inFlight);
  const figures: SurgeFigures = {
    learners: tokens.length,
    inFlight,
    arrivalSeconds,
    latencies: { start: [], save: [], submit: [] },
    errors: { start: 0, save: 0, submit: 0 },
    samples: [],
    totalSeconds: 0,
    lastStartSeconds: 0,
    passed: 0,
  };
  const t0 = performance.now();
  const timed = async (route: Route, method: string, path: string, token: string, body?: unknown): Promise<Answer | undefined> => {
    await slots.take(route === 'start');
    const sent = performance.now();
    try {
      const answer = await call(agent, port, method, path, token, body);
      figures.latencies[route].push(performance.now() - sent);
      if (answer.status >= 200 && answer.status < 300) return answer;
      figures.errors[route]++;
      if (figures.samples.length < 5) figures.samples.push(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    } catch (error) {
      figures.errors[route]++;
      if (figures.samples.length < 5) figures.samples.push(`${method} ${path}: ${String(error)}`);
    } finally {
      slots.give();
    }
    return undefined;
  };
  const learner = async (token: string, index: number): Promise<void> => {
    await sleep(((index + Math.random()) * arrivalSeconds * 1000) / tokens.length);
    const started = await timed('start', 'POST', `/api/v1/cohorts/${seed.cohortId}/assessments/${seed.postTestId}/attempts`, token);
    figures.lastStartSeconds = Math.max(figures.lastStartSeconds, (performance.now() - t0) / 1000);
    const attempt = started?.body as StartedAttempt | undefined;
    if (!attempt) return;
    for (const item of attempt.items) {
      const content = seed.items.get(item.id)?.content;
      if (!content) throw new Error(`the attempt shows an unknown item ${item.id}`);
      await timed('save', 'PUT', `/api/v1/attempts/${attempt.id}/responses/${item.id}`, token, answerFor(content, Math.random() < 0.75));
    }
    const result = await timed('submit', 'POST', `/api/v1/attempts/${attempt.id}/submit`, token);
    if ((result?.body as { passed?: boolean } | undefined)?.passed) figures.passed++;
  };
  try {
    await Promise.all(tokens.map((token, i) => learner(token, i)));
  } finally {
    agent.destroy();
  }
  figures.totalSeconds = (performance.now() - t0) / 1000;
  return figures;
}

/** One open attempt of the practice quiz per learner (all 20 items saveable), started through the API. */
export async function openQuizAttempts(port: number, seed: SurgeSeed, tokens: string[]): Promise<StartedAttempt[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    return await Promise.all(
      tokens.map(async (token) => {
        const answer = await call(agent, port, 'POST', `/api/v1/cohorts/${seed.cohortId}/assessments/${seed.quizId}/attempts`, token);
        if (answer.status !== 201) throw new Error(`starting the quiz: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.body as StartedAttempt;
      }),
    );
  } finally {
    agent.destroy();
  }
}

/**
 * autocannon on `PUT /api/v1/attempts/:id/responses/:itemId`: connection n saves into attempt n
 * with its learner's token, going round that attempt's items, so no two connections write one row.
 */
export async function loadSave(
  url: string,
  seed: SurgeSeed,
  attempts: StartedAttempt[],
  tokens: string[],
  seconds: number,
): Promise<SaveFigures> {
  const perConnection = attempts.map((attempt, n) =>
    attempt.items.map((item) => ({
      method: 'PUT' as const,
      path: `/api/v1/attempts/${attempt.id}/responses/${item.id}`,
      headers: { authorization: `Bearer ${tokens[n]}`, 'content-type': 'application/json' },
      body: JSON.stringify(answerFor(seed.items.get(item.id)!.content, (n + item.id.charCodeAt(0)) % 4 !== 0)),
    })),
  );
  let next = 0;
  const result = await autocannon({
    url,
    connections: attempts.length,
    duration: seconds,
    requests: perConnection[0],
    setupClient: (client) => client.setRequests(perConnection[next++ % perConnection.length]),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url} save: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

export function surgeTable(f: SurgeFigures): Record<string, Record<string, number>> {
  const row = (route: Route): Record<string, number> => ({
    requests: f.latencies[route].length,
    errors: f.errors[route],
    'p50 ms': percentile(f.latencies[route], 50),
    'p99 ms': percentile(f.latencies[route], 99),
    'max ms': percentile(f.latencies[route], 100),
  });
  return {
    'POST /api/v1/cohorts/:id/assessments/:assessmentId/attempts (start)': row('start'),
    'PUT /api/v1/attempts/:id/responses/:itemId (save)': row('save'),
    'POST /api/v1/attempts/:id/submit (submit)': row('submit'),
  };
}

/** The whole surge in one line: requests answered per second from the first start to the last answer, and latency over every route. */
export function surgeOverall(f: SurgeFigures): { requests: number; errors: number; rps: number; p50: number; p99: number } {
  const all = [...f.latencies.start, ...f.latencies.save, ...f.latencies.submit];
  return {
    requests: all.length,
    errors: f.errors.start + f.errors.save + f.errors.submit,
    rps: all.length / f.totalSeconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
  };
}
