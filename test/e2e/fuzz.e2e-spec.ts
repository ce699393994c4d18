import request from 'supertest';
import { CertificatePdfService, IssuanceService } from '@probity/certificates';
import { academyFactory, courseWithLessonFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, baseUrl, createTestApp } from '../support/test-app';

/**
 * Issue 10, "How it is shown": every POST/PUT/PATCH route of the OpenAPI document the app serves gets generated
 * bodies (a seeded generator: FUZZ_SEED=<n> replays another run) as real signed-in users of each role, on real
 * objects. No answer may be a 5xx, and a refused request (4xx) may change no row of any table: a row trigger on every
 * table counts committed inserts, updates and deletes, read after each request and compared with the counts before
 * it whenever the answer was a 4xx.
 */

type Schema = {
  type?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  nullable?: boolean;
};
type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
/** What the set-up reads from the answers of the routes it calls. */
type Answer = { id: string; jobId: string; items: { id: string }[] };
type Role = 'learner' | 'trainer' | 'academy_admin' | 'platform_admin';
const ROLES: Role[] = ['learner', 'trainer', 'academy_admin', 'platform_admin'];
/** Routes that check a password: a wrong one is counted (login_* tables) even though the answer is a 4xx. */
const CHECKS_PASSWORD = /^\/api\/v1\/(auth\/login|me\/password)$/;
/** The public check of a holder's copy: counted in the verification limit per address (rate_limits) whatever the answer. */
const COUNTS_VERIFICATION = /^\/api\/v1\/verify\/[^/]+\/copy$/;

/**
 * Bodies in all: routes without a body get only bodies the parser must refuse (anything else would run them), CSV
 * routes some CSV, and routes with a JSON body share the rest.
 */
const TOTAL_BODIES = 2100;
const PER_CSV_ROUTE = 30;
const PER_BODYLESS_ROUTE = 10;

/**
 * 5xx that need a change inside a service (libs/*) or a page, left to the lead (see the report of issue 10).
 * Each entry: the route, what in the body triggers it, and why. A matching 5xx is counted as "known", not failed;
 * remove the entry once the service is fixed so the fuzz test guards it again.
" * None is left: the CSV enrolment's unreadable files answer 400 since issue 10 (cohorts e2e).
 */
const KNOWN_5XX: { route: string; when: (body: string) => boolean; why: string }[] = [];

// ---------------------------------------------------------------------------------------------------------------
// A small seeded generator (mulberry32): the same seed gives the same bodies.

function generator(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick, chance: (p: number): boolean => next() < p };
}
type Rng = ReturnType<typeof generator>;

/** JSON text written as is (numbers JSON.stringify cannot write, deep nesting without recursion). */
class Raw {
  constructor(readonly text: string) {}
}

function encode(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${JSON.stringify(k)}:${encode(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const TEXTS = [
  '',
  ' ',
  'x',
  'Тбилиси, весна 2027',
  'ნინო ბერიძე',
  'پولیس اکیڈمی',
  'Кримінальне провадження',
  'Mafunzo ya polisi',
  '👮‍♀️⚖️',
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '%s%n%x',
  '../../etc/passwd',
  '\u202eevil',
  'a\r\nb',
  '   padded   ',
  'x'.repeat(201),
  'y'.repeat(5001),
];
const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '9223372036854775808',
  '-9223372036854775809',
  '1e308',
  '123456789012345678901234567890',
  '2e-400',
];
const BOUNDARY_NUMBERS = [0, -1, 1, 0.5, -0.0001, 2147483647, 2147483648, -2147483649, 4294967296, 1e15, 9007199254740991];

interface Context {
  ids: string[];
  rng: Rng;
  seq: number;
}

function localeMap(rng: Rng): Record<string, string> {
  const map: Record<string, string> = { en: rng.pick(['Chain of custody', 'Lawful detention', 'A title']) };
  if (rng.chance(0.5)) map[rng.pick(['ka', 'ru', 'uk', 'ur', 'sw'])] = rng.pick(TEXTS.slice(3, 9));
  return map;
}

/** A value that looks right for the field: examples and enums of the document, real ids, dates, locale maps. */
function plausible(name: string, schema: Schema, doc: OpenApi, c: Context, depth = 0): unknown {
  const { rng } = c;
  if (schema.$ref) return plausible(name, doc.components.schemas[schema.$ref.split('/').pop() as string], doc, c, depth);
  if (schema.enum) return rng.pick(schema.enum);
  if (schema.example !== undefined && rng.chance(0.4)) return schema.example;
  if (schema.properties && depth < 4) {
    const body: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties))
      if (schema.required?.includes(key) || rng.chance(0.5)) body[key] = plausible(key, property, doc, c, depth + 1);
    return body;
  }
  const id = (): string => rng.pick(c.ids);
  switch (schema.type ?? 'string') {
    case 'object':
      if (/At$/.test(name)) return rng.chance(0.3) ? null : new Date(Date.now() + (rng.int(40) - 20) * 86400_000).toISOString();
      if (name === 'answer') return rng.pick<unknown>([true, false, { value: 48, tolerance: 0 }, ['PEACE'], { value: 'x' }, []]);
      return localeMap(rng);
    case 'array': {
      const n = rng.pick([0, 1, 1, 2, 3]);
      const of = (make: () => unknown): unknown[] => Array.from({ length: n }, make);
      if (/Ids$/.test(name)) return of(id);
      if (name === 'objectives') return of(() => localeMap(rng));
      if (name === 'tags') return of(() => rng.pick(['chain-of-custody', 'interviewing', 'Bad Tag', 'a--b']));
      if (name === 'options')
        return of(() => ({
          text: localeMap(rng),
          ...(rng.chance(0.5) ? { correct: rng.chance(0.5) } : { fraction: rng.pick([-1, 0, 0.5, 1, 2]) }),
        }));
      if (name === 'rubric')
        return of(() => ({
          criterion: localeMap(rng),
          levels: [0, rng.pick([1, 2, 5])].map((points) => ({ points, descriptor: localeMap(rng) })),
        }));
      if (name === 'rubricLevels') return of(() => rng.pick([0, 1, 2, 5, -1]));
      return of(() => plausible(name.replace(/s$/, ''), schema.items ?? {}, doc, c, depth + 1));
    }
    case 'number':
    case 'integer': {
      const { minimum: min, maximum: max } = schema;
      if (min !== undefined && max !== undefined && rng.chance(0.6)) return min + rng.int(max - min + 1);
      return rng.pick([...BOUNDARY_NUMBERS, ...(min !== undefined ? [min, min - 1] : []), ...(max !== undefined ? [max, max + 1] : [])]);
    }
    case 'boolean':
      return rng.chance(0.5);
    default:
      break;
  }
  // strings
  if (/Id$/.test(name) || name === 'userId') return id();
  if (name === 'email') return `fuzz${++c.seq}@example.test`;
  if (name === 'password') return rng.pick(['long-enough-password-1', 'short', 'x'.repeat(201)]);
  if (/On$/.test(name)) return rng.pick(['2027-03-01', '2027-04-30', '2027-02-30', '1999-12-31', 'tomorrow']);
  if (/At$/.test(name)) return rng.pick(['2027-03-02T06:00:00Z', '2027-03-02T13:00:00+04:00', '2027-13-02T06:00:00Z', 'now']);
  if (name === 'timeZone') return rng.pick(['Asia/Tbilisi', 'UTC', 'Europe/Kyiv', 'Asia/Karachi', 'Nowhere/Else', '']);
  if (name === 'code') return rng.pick([`FZ${++c.seq}`, 'NAPOR-CI', 'lower', '-bad']);
  if (name === 'country') return rng.pick(['GE', 'UA', 'ge', 'GEO']);
  if (name === 'key') return rng.pick([`lesson:${id()}:title`, `course:${id()}:summary`, 'nonsense']);
  if (name === 'content')
    return rng.pick([
      '::Q1:: Who authorises a search? {=A judge ~The suspect}',
      '<quiz><question type="truefalse"><name><text>T</text></name><questiontext><text>Q</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>',
      '<quiz><question type="multichoice">',
      '::Q:: {',
    ]);
  if (name === 'reason' || name === 'comment' || name === 'text') return rng.pick(['A reason long enough to pass the rules.', ...TEXTS]);
  return rng.pick(TEXTS);
}

type Path = (string | number)[];

/** Every place in a body where a value sits (so mutations reach nested objects and array items too). */
function places(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (path.length) out.push(path);
  if (Array.isArray(value)) value.slice(0, 5).forEach((v, i) => places(v, [...path, i], out));
  else if (value && typeof value === 'object' && !(value instanceof Raw))
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) places(v, [...path, k], out);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) {
    node = node[step] as Record<string | number, unknown>;
    if (!node || typeof node !== 'object' || node instanceof Raw) return;
  }
  const last = path[path.length - 1];
  if (value === DELETE) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
}
const DELETE = Symbol('delete');

const MUTATIONS = [
  'valid',
  'valid',
  'wrongType',
  'null',
  'drop',
  'unknownKey',
  'nul',
  'surrogate',
  'hugeNumber',
  'boundaryNumber',
  'deep',
  'hugeArray',
  'longString',
  'manyKeys',
  'text',
  'wholeBody',
] as const;
type Mutation = (typeof MUTATIONS)[number];

function wrongTypeOf(value: unknown, rng: Rng): unknown {
  const options: unknown[] = ['string', 42, -3.5, true, false, {}, [], [1, 2], { en: 5 }, { xx: 'text' }, [null], '12', 'true'];
  return rng.pick(options.filter((o) => typeof o !== typeof value || Array.isArray(o) !== Array.isArray(value)));
}

/** One body for a JSON route: a plausible body, changed by one or two mutations. Returns the JSON text. */
function jsonBody(schema: Schema, doc: OpenApi, c: Context): { text: string; mutation: Mutation } {
  const { rng } = c;
  const body = plausible('', schema, doc, c) as Record<string, unknown>;
  const mutation = rng.pick(MUTATIONS);
  const spot = (): Path => {
    const spots = places(body);
    return spots.length ? rng.pick(spots) : [`f${rng.int(9)}`];
  };
  const apply = (m: Mutation): void => {
    switch (m) {
      case 'valid':
        return;
      case 'wrongType': {
        const at = spot();
        return setAt(body, at, wrongTypeOf(undefined, rng));
      }
      case 'null':
        return setAt(body, spot(), null);
      case 'drop':
        return setAt(body, spot(), DELETE);
      case 'unknownKey':
        body[rng.pick(['isAdmin', 'academyId', 'id', 'createdAt', 'role', 'constructor', 'toString', `x${rng.int(1000)}`])] =
          rng.pick<unknown>([true, 1, 'x', { prototype: { polluted: true } }]);
        return;
      case 'nul':
        return setAt(body, spot(), rng.pick(['\u0000', 'before\u0000after', `${rng.pick(TEXTS)}\u0000`]));
      case 'surrogate':
        return setAt(body, spot(), rng.pick(['\ud800', 'x\udfffy', '\udc00\ud800', 'ok\ud83d']));
      case 'hugeNumber':
        return setAt(body, spot(), new Raw(rng.pick(HUGE_NUMBERS)));
      case 'boundaryNumber':
        return setAt(body, spot(), rng.pick(BOUNDARY_NUMBERS));
      case 'deep': {
        const n = rng.pick([33, 100, 5000, 50_000]);
        return setAt(body, spot(), new Raw(rng.chance(0.5) ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`));
      }
      case 'hugeArray': {
        // 50,001 values and more are refused by the parser; below that, by ArrayMaxSize (or accepted).
        const n = rng.pick([21, 201, 5001, 50_001]);
        const item = n > 5001 ? '0' : rng.pick(['"00000000-0000-4000-8000-000000000000"', '0', '{}', '"x"']);
        return setAt(body, spot(), new Raw(`[${Array(n).fill(item).join(',')}]`));
      }
      case 'longString':
        return setAt(
          body,
          spot(),
          rng.pick(['é', 'x', 'ნ', '\u0301']).repeat(rng.pick([301, 5001, 50_001, rng.chance(0.3) ? 300_000 : 20_001])),
        );
      case 'manyKeys': {
        const n = rng.pick([150, 201, 1000]);
        const keys = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
        if (rng.chance(0.5)) Object.assign(body, keys);
        else setAt(body, spot(), keys);
        return;
      }
      case 'text':
        return setAt(body, spot(), rng.pick(TEXTS));
      case 'wholeBody':
        return;
    }
  };
  if (mutation === 'wholeBody')
    return {
      mutation,
      text: rng.pick([
        '',
        'null',
        '[]',
        '"text"',
        '42',
        'true',
        '{',
        '{"a":1,"a":2}',
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        'NaN',
        '{"x":1e400}',
        '\ufeff{}',
        `[${'{},'.repeat(1000)}{}]`,
      ]),
    };
  apply(mutation);
  if (rng.chance(0.2)) apply(rng.pick(MUTATIONS));
  return { mutation, text: encode(body) };
}

/** A body only the parser can answer: each of these must be refused before any guard or handler runs. */
function refusedBody(rng: Rng): string {
  return rng.pick([
    `{"a":${'['.repeat(40)}${']'.repeat(40)}}`,
    `{"a":"\\u0000"}`,
    `{"a":"\\ud800"}`,
    `{"a":1e400}`,
    `{"a":9223372036854775808}`,
    `{${Array.from({ length: 201 }, (_, i) => `"k${i}":0`).join(',')}}`,
    `[${'0,'.repeat(50_000)}0]`,
    '{"__proto__":{"x":1}}',
    '{',
  ]);
}

function csvBody(c: Context): string {
  const { rng } = c;
  const rows = Array.from({ length: rng.pick([0, 1, 3, 50]) }, () =>
    [
      rng.pick([`fuzz${++c.seq}@example.test`, 'not-an-email', '', '"quoted,comma"@x.test']),
      rng.pick(['Nino Beridze', '"unterminated', '=HYPERLINK("http://evil")', 'x'.repeat(300), 'Tab\tName']),
      rng.pick(['long-enough-password-1', 'short']),
      rng.pick(['learner', 'trainer;learner', 'platform_admin', 'nope']),
      rng.pick(['en', 'ka', 'xx']),
    ].join(','),
  );
  const header = rng.pick(['email,fullName,password,roles,locale', 'email', '', 'wrong,header']);
  const text = [header, ...rows].join(rng.pick(['\n', '\r\n']));
  switch (rng.int(6)) {
    case 0:
      return `${text}\u0000`;
    case 1:
      return `${text}\ud800`;
    case 2:
      return `${header}\n${'a@b.test\n'.repeat(rng.pick([10_001, 20_000]))}`;
    default:
      return text;
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe('fuzz: generated bodies on every POST/PUT/PATCH route of the OpenAPI document', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  let learner2Token: string;
  const ids: Record<string, string> = {};

  const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

  beforeAll(async () => {
    // One listening server for the whole run (supertest would otherwise start one per request).
    t = await createTestApp({ listen: true });
    const url = baseUrl(t.app);
    t.http = () => request(url);
    const academy = await academyFactory(t.app, { code: 'FZA' });
    const partner = await academyFactory(t.app, { code: 'FZB' });
    const make = (roles: Role[], academyId?: string) => userFactory(t.app, { roles, academyId });
    const admin = await make(['academy_admin'], academy.id);
    const trainer = await make(['trainer'], academy.id);
    const trainer2 = await make(['trainer'], academy.id);
    const platform = await make(['platform_admin']);
    const learners = [await make(['learner'], academy.id), await make(['learner'], academy.id), await make(['learner'], academy.id)];
    tokens.academy_admin = await tokenFor(t.http, admin);
    tokens.trainer = await tokenFor(t.http, trainer);
    tokens.platform_admin = await tokenFor(t.http, platform);
    tokens.learner = await tokenFor(t.http, learners[0]);
    learner2Token = await tokenFor(t.http, learners[1]);
    const api = async (method: 'post' | 'put', path: string, token: string, body?: object, status = 201) => {
      const res = await t
        .http()
        [method](path)
        .set(...bearer(token))
        .send(body);
      if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
      return res.body as Answer;
    };
    const {
      courseId: course,
      moduleId: module,
      lessonId: lesson,
      publish,
    } = await courseWithLessonFactory(t.http, tokens.trainer, {
      code: 'FUZZ-1',
      title: { en: 'Fuzz' },
      module: { en: 'Module' },
      lesson: { title: { en: 'Lesson' }, body: { en: 'Text' }, durationMinutes: 5 },
    });
    const rubric = [{ criterion: { en: 'Analysis' }, levels: [0, 5, 10].map((points) => ({ points, descriptor: { en: `${points}` } })) }];
    const essay = (
      await api('post', `/api/v1/courses/${course}/items`, tokens.trainer, { type: 'essay', stem: { en: 'Lawful?' }, points: 10, rubric })
    ).id;
    const choice = (
      await api('post', `/api/v1/courses/${course}/items`, tokens.trainer, {
        type: 'single_choice',
        stem: { en: 'Who authorises a search?' },
        points: 1,
        options: [{ text: { en: 'A judge' }, correct: true }, { text: { en: 'The suspect' } }],
      })
    ).id;
    const assessment = (
      await api('post', `/api/v1/courses/${course}/assessments`, tokens.trainer, {
        kind: 'case_exercise',
        title: { en: 'Case' },
        itemIds: [essay, choice],
        passPercent: 50,
        maxAttempts: 3,
      })
    ).id;
    const version = await publish();
    const cohort = (
      await api('post', '/api/v1/cohorts', tokens.academy_admin, {
        courseVersionId: version,
        name: 'Fuzz cohort',
        locale: 'en',
        startsOn: '2027-01-01',
        endsOn: '2027-02-01',
        trainerIds: [trainer.id, trainer2.id],
        partnerAcademyIds: [partner.id],
        completion: { minAttendancePercent: 0, requireAllLessons: true, requiredAssessmentIds: [] },
      })
    ).id;
    await api('post', `/api/v1/cohorts/${cohort}/enrolments`, tokens.academy_admin, { userIds: learners.map((l) => l.id) });
    const session = (
      await api('post', `/api/v1/cohorts/${cohort}/sessions`, tokens.trainer, {
        startsAt: '2027-01-05T06:00:00Z',
        endsAt: '2027-01-05T13:00:00Z',
      })
    ).id;
    const records = learners.map((l) => ({ userId: l.id, status: 'present' }));
    await api('put', `/api/v1/cohorts/${cohort}/sessions/${session}/attendance`, tokens.trainer, { records }, 200);
    // learner 1: a submitted, graded, released answer with an open appeal; learner 2: an attempt still open.
    const start = (token: string) => api('post', `/api/v1/cohorts/${cohort}/assessments/${assessment}/attempts`, token);
    const first = await start(tokens.learner);
    const essayItem = first.items.find((i) => i.id === essay) ?? first.items[0];
    await api('put', `/api/v1/attempts/${first.id}/responses/${essayItem.id}`, tokens.learner, { text: 'It was lawful.' }, 200);
    await api('post', `/api/v1/attempts/${first.id}/submit`, tokens.learner, undefined, 200);
    const { rows } = await t.db.query<{ id: string }>(`SELECT r.id FROM responses r WHERE r.attempt_id = $1 AND r.item_id = $2`, [
      first.id,
      essayItem.id,
    ]);
    const response = rows[0].id;
    await api('put', `/api/v1/responses/${response}/grade`, tokens.trainer, { rubricLevels: [2] }, 200);
    await api('post', `/api/v1/cohorts/${cohort}/assessments/${assessment}/release`, tokens.trainer, undefined, 200);
    const appeal = (
      await api('post', `/api/v1/responses/${response}/appeal`, tokens.learner, { reason: 'The rubric rewards what I wrote.' })
    ).id;
    const open = await start(learner2Token);
    // a certificate: learner 1 completes the lessons, the worker's step issues it.
    await api('post', `/api/v1/cohorts/${cohort}/lessons/${lesson}/complete`, tokens.learner, undefined, 200);
    const job = (await api('post', `/api/v1/cohorts/${cohort}/certificates`, tokens.academy_admin, { userIds: [learners[0].id] }, 202))
      .jobId;
    const pdfs = t.app.get(CertificatePdfService);
    const issued = await t.app.get(IssuanceService).runIssuance(job, (c) => pdfs.renderDefault(c));
    const certificate = (await t.db.query<{ id: string }>('SELECT id FROM certificates LIMIT 1')).rows[0]?.id;
    Object.assign(ids, {
      course,
      module,
      lesson,
      item: essay,
      assessment,
      version,
      cohort,
      session,
      attempt: open.id,
      attemptItem: open.items[0].id,
      response,
      appeal,
      certificate,
      academy: academy.id,
      partner: partner.id,
      learner: learners[0].id,
      withdrawn: learners[2].id,
      user: learners[1].id,
    });
    expect(issued.issued).toHaveLength(1);
  });
  afterAll(() => t.close());

  /** The id a path parameter names, from the objects made above (a route's resource decides what `{id}` is). */
  function fill(path: string): string {
    const resource = path.split('/')[3];
    const byResource: Record<string, string> = {
      courses: ids.course,
      modules: ids.module,
      lessons: ids.lesson,
      items: ids.item,
      cohorts: ids.cohort,
      attempts: ids.attempt,
      responses: ids.response,
      appeals: ids.appeal,
      certificates: ids.certificate,
      academies: ids.academy,
      users: ids.user,
    };
    return path
      .replace('{id}', byResource[resource] ?? ids.course)
      .replace('{academyId}', ids.partner)
      .replace('{userId}', ids.withdrawn)
      .replace('{sessionId}', ids.session)
      .replace('{lessonId}', ids.lesson)
      .replace('{assessmentId}', ids.assessment)
      .replace('{itemId}', ids.attemptItem);
  }

  /**
   * Every committed row change, per table: a row trigger on each table of the public schema counts inserts, updates
   * and deletes into fuzz_changes (a rolled-back change rolls its count back too). Read after each request.
   */
  async function countChanges(): Promise<void> {
    await t.db.query(`
      CREATE TABLE fuzz_changes (name text PRIMARY KEY, n bigint NOT NULL);
      CREATE FUNCTION fuzz_count() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO fuzz_changes VALUES (TG_TABLE_NAME, 1) ON CONFLICT (name) DO UPDATE SET n = fuzz_changes.n + 1;
          RETURN NULL;
        END $$;
      DO $$
        DECLARE r record;
        BEGIN
          FOR r IN SELECT table_name FROM information_schema.tables
                   WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'fuzz_changes' LOOP
            EXECUTE format('CREATE TRIGGER fuzz_count AFTER INSERT OR UPDATE OR DELETE ON public.%I FOR EACH ROW EXECUTE FUNCTION fuzz_count()', r.table_name);
          END LOOP;
        END $$;`);
  }
  async function changes(): Promise<Map<string, string>> {
    const { rows } = await t.db.query<{ name: string; n: string }>('SELECT name, n FROM fuzz_changes');
    return new Map(rows.map((r) => [r.name, r.n]));
  }
  const changed = (a: Map<string, string>, b: Map<string, string>): string[] =>
    [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));

  it('answers no 5xx to 2,000+ bodies, and a refused body changes no data', async () => {
    const started = Date.now();
    const seed = Number(process.env.FUZZ_SEED ?? 20260610);
    const rng = generator(seed);
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApi;
    const context: Context = { ids: Object.values(ids).filter(Boolean), rng, seq: 0 };
    context.ids.push('00000000-0000-4000-8000-000000000000', 'not-a-uuid');

    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['post', 'put', 'patch'].includes(method))
        .map(([method, op]) => ({ method: method as 'post' | 'put' | 'patch', path, op })),
    );
    const kinds = routes.map((r) => r.op.requestBody?.content ?? {});
    const jsonRoutes = kinds.filter((c) => c['application/json']).length;
    const csvRoutes = kinds.filter((c) => !c['application/json'] && c['text/csv']).length;
    const perJsonRoute = Math.ceil(
      (TOTAL_BODIES - csvRoutes * PER_CSV_ROUTE - (routes.length - jsonRoutes - csvRoutes) * PER_BODYLESS_ROUTE) / jsonRoutes,
    );
    // Routes that end things (withdraw, close, revoke, rotate, roles) go last, so the others work on live objects.
    const LATE = /withdraw|close|revoke|rotate|roles|decide|decline|accept/;
    routes.sort((a, b) => Number(LATE.test(a.path)) - Number(LATE.test(b.path)));

    const histogram = new Map<number, number>();
    const perRoute: string[] = [];
    const failures: string[] = [];
    const known: string[] = [];
    let bodies = 0;
    let refused = 0;
    let accepted = 0;
    await countChanges();
    const auditBefore = (await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_entries')).rows[0].n;
    let before = await changes();

    for (const route of routes) {
      const url = fill(route.path);
      const name = `${route.method.toUpperCase()} ${route.path}`;
      const content = route.op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      const csv = Boolean(content['text/csv']);
      const isLogin = route.path === '/api/v1/auth/login';
      const tokenOf = (role: Role): string | undefined =>
        isLogin ? undefined : role === 'learner' && route.path.startsWith('/api/v1/attempts/') ? learner2Token : tokens[role];

      // Which roles get past the guard: an unknown field is refused by validation (400) after the guard, or by it (403).
      const allowed: Role[] = [];
      if (jsonSchema && !isLogin) {
        for (const role of ROLES) {
          const res = await t
            .http()
            [route.method](url)
            .set(...bearer(tokens[role]))
            .send({ __probe: 1 });
          if (res.status !== 401 && res.status !== 403) allowed.push(role);
        }
      }
      const probed = await changes();
      if (changed(before, probed).length)
        failures.push(`${name}: a probe with an unknown field changed ${changed(before, probed).join(', ')}`);
      before = probed;
      const roles = allowed.length ? allowed : ROLES;
      const count = jsonSchema ? perJsonRoute : csv ? PER_CSV_ROUTE : PER_BODYLESS_ROUTE;
      const statuses = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const role = rng.chance(0.1) ? rng.pick(ROLES) : roles[i % roles.length];
        let text: string;
        let type = 'application/json';
        if (jsonSchema) text = jsonBody(jsonSchema, doc, context).text;
        else if (csv && rng.chance(0.8)) {
          text = csvBody(context);
          type = 'text/csv';
        } else text = refusedBody(rng);
        const request = t.http()[route.method](url).set('content-type', type);
        const token = tokenOf(role);
        if (token) void request.set(...bearer(token));
        const res = await request.send(text);
        bodies++;
        histogram.set(res.status, (histogram.get(res.status) ?? 0) + 1);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const after = await changes();
        const sample = text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
        if (res.status >= 500) {
          const entry = `${name} as ${role}: ${res.status} ${res.body?.code ?? ''} body=${sample}`;
          if (KNOWN_5XX.some((k) => k.route === name && k.when(text))) known.push(entry);
          else failures.push(entry);
        } else if (res.status >= 400) {
          refused++;
          const touched = changed(before, after);
          // A wrong password (at login, or as the current one when changing it) is recorded for the rate limit, by design.
          const wrong = touched.filter(
            (table) =>
              !(CHECKS_PASSWORD.test(route.path) && table.startsWith('login_')) &&
              !(COUNTS_VERIFICATION.test(route.path) && table === 'rate_limits'),
          );
          if (wrong.length) failures.push(`${name} as ${role}: ${res.status} changed ${wrong.join(', ')} body=${sample}`);
        } else accepted++;
        before = after;
      }
      perRoute.push(
        `${name}: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}${allowed.length ? ` (roles past the guard: ${allowed.join(', ')})` : ''}`,
      );
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const auditAfter = (await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_entries')).rows[0].n;
    const figures = [
      `fuzz seed ${seed}: ${routes.length} routes, ${bodies} bodies in ${seconds} s`,
      `status histogram: ${[...histogram]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}`,
      `refused (4xx) ${refused}, none changed data unless listed below; accepted (2xx) ${accepted}; audit entries ${auditBefore} → ${auditAfter}; ` +
        `row changes counted by the triggers: ${[...before.values()].reduce((sum, n) => sum + Number(n), 0)}`,
      `5xx seen: ${failures.filter((f) => / 5\d\d /.test(f)).length} new, ${known.length} known (KNOWN_5XX)`,
      ...perRoute,
      ...known.map((k) => `known: ${k}`),
    ];
    console.log(figures.join('\n'));
    expect(routes.length).toBeGreaterThanOrEqual(40);
    expect(bodies).toBeGreaterThanOrEqual(2000);
    expect(failures).toEqual([]);
  });
});
