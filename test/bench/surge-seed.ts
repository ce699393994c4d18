import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { FrozenAssessment, ItemContent, ResponseValue } from '@probity/assessments';

/** An item of the surge's post-test: what the server froze, so the bench can answer it. */
export interface SurgeItem {
  itemId: string;
  content: ItemContent;
}

export interface SurgeSeed {
  cohortId: string;
  /** The 20-item post-test everyone starts at once (timed, one attempt, shuffled). */
  postTestId: string;
  /** A practice quiz on the same items (no limit on attempts or time): the save-route throughput runs on its attempts. */
  quizId: string;
  learnerIds: string[];
  items: Map<string, SurgeItem>;
}

const en = (text: string): Record<string, string> => ({ en: text });
const choices = (...options: [string, number][]): NonNullable<ItemContent['options']> =>
  options.map(([text, fraction], i) => ({ id: String.fromCharCode(97 + i), text: en(text), fraction }));
const truth = (correct: boolean): NonNullable<ItemContent['options']> => choices(['True', correct ? 1 : 0], ['False', correct ? 0 : 1]);

/** 20 items: 6 single choice, 4 multiple choice, 4 true/false, 3 numeric, 3 short text (24 points). */
const CONTENTS: ItemContent[] = [
  {
    type: 'single_choice',
    stem: en('Within how many hours must a detained suspect be brought before a judge?'),
    points: 1,
    options: choices(['24', 0], ['48', 1], ['72', 0], ['There is no limit', 0]),
  },
  {
    type: 'single_choice',
    stem: en('Which document authorises the search of a home?'),
    points: 1,
    options: choices(['A court warrant', 1], ['A verbal order of a superior', 0], ['A neighbour’s complaint', 0]),
  },
  {
    type: 'single_choice',
    stem: en('Who must tell a detained person of their rights?'),
    points: 1,
    options: choices(['The arresting officer', 1], ['The prosecutor, within a week', 0], ['Nobody', 0], ['The duty lawyer', 0]),
  },
  {
    type: 'single_choice',
    stem: en('What is the standard of proof for a criminal conviction?'),
    points: 1,
    options: choices(['The balance of probabilities', 0], ['Beyond reasonable doubt', 1], ['Reasonable suspicion', 0]),
  },
  {
    type: 'single_choice',
    stem: en('A confession obtained under duress is…'),
    points: 1,
    options: choices(['Admissible if corroborated', 0], ['Inadmissible', 1], ['Admissible at the judge’s discretion', 0]),
  },
  {
    type: 'single_choice',
    stem: en('Which body reviews the lawfulness of a detention?'),
    points: 1,
    options: choices(['A court', 1], ['The head of the police station', 0.25], ['The ministry', 0]),
  },
  {
    type: 'multiple_choice',
    stem: en('Which of these are rights of a detained person?'),
    points: 2,
    options: choices(
      ['To remain silent', 0.5],
      ['To a lawyer', 0.5],
      ['To choose the investigator', -0.5],
      ['To be held incommunicado', -0.5],
    ),
  },
  {
    type: 'multiple_choice',
    stem: en('What must an arrest record contain?'),
    points: 2,
    options: choices(['The time of arrest', 1 / 3], ['The grounds', 1 / 3], ['The officer’s name', 1 / 3], ['The suspect’s religion', -1]),
  },
  {
    type: 'multiple_choice',
    stem: en('Which are lawful grounds for a stop and search?'),
    points: 2,
    options: choices(['Reasonable suspicion', 0.5], ['A warrant', 0.5], ['The person’s appearance', -1]),
  },
  {
    type: 'multiple_choice',
    stem: en('What must be disclosed to the defence?'),
    points: 2,
    options: choices(['Exculpatory evidence', 0.5], ['The evidence the prosecution relies on', 0.5], ['Nothing before trial', -1]),
  },
  {
    type: 'true_false',
    stem: en('A suspect may be questioned without a lawyer after waiving the right in writing.'),
    points: 1,
    options: truth(true),
  },
  { type: 'true_false', stem: en('Police may detain a witness to force testimony.'), points: 1, options: truth(false) },
  {
    type: 'true_false',
    stem: en('An interpreter must be provided if the suspect does not understand the language.'),
    points: 1,
    options: truth(true),
  },
  { type: 'true_false', stem: en('Handcuffs may be used as a punishment.'), points: 1, options: truth(false) },
  {
    type: 'numeric',
    stem: en('For at most how many hours may a suspect be held before being charged?'),
    points: 1,
    numeric: [{ value: 72, tolerance: 0, fraction: 1 }],
  },
  {
    type: 'numeric',
    stem: en('What is the minimum age of criminal responsibility in the model code?'),
    points: 1,
    numeric: [{ value: 14, tolerance: 0, fraction: 1 }],
  },
  {
    type: 'numeric',
    stem: en('Within how many days must an appeal against detention be heard?'),
    points: 1,
    numeric: [
      { value: 3, tolerance: 0, fraction: 1 },
      { value: 3, tolerance: 1, fraction: 0.5 },
    ],
  },
  {
    type: 'short_text',
    stem: en('Name the writ that challenges an unlawful detention.'),
    points: 1,
    accepted: [{ text: 'habeas corpus', fraction: 1 }],
    caseSensitive: false,
    ignoreDiacritics: true,
  },
  {
    type: 'short_text',
    stem: en('How is the principle “no punishment without law” known in Latin?'),
    points: 1,
    accepted: [
      { text: 'nulla poena sine lege', fraction: 1 },
      { text: 'nullum crimen sine lege', fraction: 0.5 },
    ],
    caseSensitive: false,
    ignoreDiacritics: true,
  },
  {
    type: 'short_text',
    stem: en('Which presumption protects every accused until proven guilty?'),
    points: 1,
    accepted: [
      { text: 'presumption of innocence', fraction: 1 },
      { text: 'innocence', fraction: 1 },
    ],
    caseSensitive: false,
    ignoreDiacritics: true,
  },
];

/** A plausible answer to an item: the right one, or a typical wrong one. */
export function answerFor(content: ItemContent, right: boolean): ResponseValue {
  const options = content.options ?? [];
  switch (content.type) {
    case 'single_choice':
    case 'true_false': {
      const best = options.reduce((a, b) => (b.fraction > a.fraction ? b : a));
      return { optionIds: [right ? best.id : (options.find((o) => o.fraction <= 0) ?? best).id] };
    }
    case 'multiple_choice': {
      const good = options.filter((o) => o.fraction > 0).map((o) => o.id);
      const bad = options.filter((o) => o.fraction <= 0).map((o) => o.id);
      return { optionIds: right ? good : [good[0], bad[0]] };
    }
    case 'numeric': {
      const value = content.numeric?.[0]?.value ?? 0;
      return { value: right ? value : value + 5 };
    }
    case 'short_text':
      return { text: right ? ` ${(content.accepted?.[0]?.text ?? '').toUpperCase()} ` : 'I do not know' };
    case 'essay':
      return { text: 'A considered answer.' };
  }
}

/**
 * The exam-start surge, written straight in SQL: a running cohort of `learners` (in progress, most
 * of them through every lesson and session, so passing the post-test completes them), a question
 * bank of 20 approved items, and a published version freezing a timed 20-item post-test and a
 * practice quiz on the same items. `tag` (letters and digits) names the trainer's and learners' e-mail addresses and
 * the course code, so that one database can hold several such cohorts (a fresh one for each surge of a run).
 */
export async function seedSurge(
  db: DataSource,
  academyId: string,
  passwordHash: string,
  learners = 500,
  tag = 'surge',
): Promise<SurgeSeed> {
  if (!/^[a-z][a-z0-9]{0,11}$/.test(tag)) throw new Error(`seedSurge: the tag must be lower-case letters and digits, not "${tag}"`);
  const [trainer] = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, password_hash, full_name, roles, academy_id, locale) VALUES ($3::text || '.trainer@example.test', $1, 'Surge Trainer', '{trainer}', $2, 'en') RETURNING id`,
    [passwordHash, academyId, tag],
  );
  const [course] = await db.query<{ id: string }[]>(
    `INSERT INTO courses (academy_id, code, title) VALUES ($1, $2, '{"en":"Lawful arrest and detention"}') RETURNING id`,
    [academyId, tag.toUpperCase()],
  );
  const items = new Map<string, SurgeItem>();
  const frozenItems: FrozenAssessment['items'] = [];
  for (const content of CONTENTS) {
    const [item] = await db.query<{ id: string }[]>(
      `INSERT INTO items (course_id, author_id, status, current_revision) VALUES ($1, $2, 'approved', 1) RETURNING id`,
      [course.id, trainer.id],
    );
    const [revision] = await db.query<{ id: string }[]>(
      `INSERT INTO item_revisions (item_id, revision, content, created_by, approved_by, approved_at) VALUES ($1, 1, $2, $3, $3, now()) RETURNING id`,
      [item.id, JSON.stringify(content), trainer.id],
    );
    items.set(item.id, { itemId: item.id, content });
    frozenItems.push({ itemId: item.id, revisionId: revision.id, revision: 1, content });
  }
  const itemIds = frozenItems.map((i) => i.itemId);
  const assessment = async (settings: Omit<FrozenAssessment, 'id' | 'items'>): Promise<FrozenAssessment> => {
    const [row] = await db.query<{ id: string }[]>(
      `INSERT INTO assessments (course_id, kind, title, item_ids, pass_percent, time_limit_minutes, max_attempts, shuffle, blind_grading, policy, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        course.id,
        settings.kind,
        JSON.stringify(settings.title),
        itemIds,
        settings.passPercent,
        settings.timeLimitMinutes,
        settings.maxAttempts,
        settings.shuffle,
        settings.blindGrading,
        settings.policy,
        trainer.id,
      ],
    );
    return { id: row.id, ...settings, items: frozenItems };
  };
  const postTest = await assessment({
    kind: 'post_test',
    title: en('Post-test'),
    passPercent: 60,
    timeLimitMinutes: 60,
    maxAttempts: 1,
    shuffle: true,
    blindGrading: false,
    policy: 'best',
  });
  const quiz = await assessment({
    kind: 'quiz',
    title: en('Practice quiz'),
    passPercent: 50,
    timeLimitMinutes: null,
    maxAttempts: null,
    shuffle: false,
    blindGrading: false,
    policy: 'last',
  });
  const modules = Array.from({ length: 3 }, (_, m) => ({
    id: randomUUID(),
    position: m + 1,
    title: en(`Module ${m + 1}`),
    objectives: [],
    scenarioHtml: {},
    tags: [],
    lessons: Array.from({ length: 2 }, (_, l) => ({
      id: randomUUID(),
      position: l + 1,
      title: en(`Lesson ${l + 1}`),
      bodyHtml: en('<p>Text</p>'),
      durationMinutes: 45,
      tags: [],
    })),
  }));
  const lessonIds = modules.flatMap((m) => m.lessons.map((l) => l.id));
  const snapshot = {
    course: {
      id: course.id,
      academyId,
      code: tag.toUpperCase(),
      title: en('Lawful arrest and detention'),
      summary: {},
      objectives: [],
      tags: [],
      shared: false,
    },
    modules,
    lessonsTotal: lessonIds.length,
    durationMinutes: lessonIds.length * 45,
    contributions: { assessments: [postTest, quiz] },
  };
  const [version] = await db.query<{ id: string }[]>(
    `INSERT INTO course_versions (course_id, number, published_at, locales, snapshot) VALUES ($1, 1, now(), '{en}', $2) RETURNING id`,
    [course.id, JSON.stringify(snapshot)],
  );
  const [cohort] = await db.query<{ id: string }[]>(
    `INSERT INTO cohorts (academy_id, course_version_id, name, locale, starts_on, ends_on, status, completion)
     VALUES ($1, $2, 'Surge cohort', 'en', '2026-09-01', '2026-12-31', 'running', '{"minAttendancePercent":80,"requireAllLessons":true,"excused":"exclude","requiredAssessmentIds":null}') RETURNING id`,
    [academyId, version.id],
  );
  await db.query('INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)', [cohort.id, trainer.id]);
  const learnerRows = await db.query<{ id: string }[]>(
    `INSERT INTO users (email, password_hash, full_name, roles, academy_id, locale, agency)
     SELECT $4::text || g || '@surge.test', $1, 'Surge Learner ' || lpad(g::text, 4, '0'), '{learner}', $2, 'en', 'Agency ' || (g % 5)
       FROM generate_series(1, $3) g ORDER BY g RETURNING id`,
    [passwordHash, academyId, learners, tag],
  );
  await db.query(
    `INSERT INTO enrolments (cohort_id, user_id, status, enrolled_by) SELECT $1, u, 'in_progress', $2 FROM unnest($3::uuid[]) u`,
    [cohort.id, trainer.id, learnerRows.map((r) => r.id)],
  );
  await db.query(
    `INSERT INTO cohort_sessions (cohort_id, starts_at, ends_at, register_taken_at)
     SELECT $1, timestamptz '2026-09-01 06:00Z' + (g * interval '7 days'), timestamptz '2026-09-01 12:00Z' + (g * interval '7 days'), now() FROM generate_series(0, 4) g`,
    [cohort.id],
  );
  // Nine in ten came to every session and read every lesson; the rest missed some of each.
  await db.query(
    `INSERT INTO attendance (session_id, user_id, status)
     SELECT s.id, e.user_id, CASE WHEN abs(hashtext(e.user_id::text)) % 10 = 0 AND abs(hashtext(s.id::text || e.user_id::text)) % 2 = 0 THEN 'absent' ELSE 'present' END
       FROM cohort_sessions s JOIN enrolments e ON e.cohort_id = s.cohort_id WHERE s.cohort_id = $1`,
    [cohort.id],
  );
  await db.query(
    `INSERT INTO lesson_completions (cohort_id, user_id, lesson_id)
     SELECT $1, e.user_id, l.id FROM enrolments e CROSS JOIN unnest($2::uuid[]) WITH ORDINALITY AS l(id, n)
      WHERE e.cohort_id = $1 AND (abs(hashtext(e.user_id::text)) % 10 <> 0 OR l.n <= 3)`,
    [cohort.id, lessonIds],
  );
  await db.query('ANALYZE');
  return { cohortId: cohort.id, postTestId: postTest.id, quizId: quiz.id, learnerIds: learnerRows.map((r) => r.id), items };
}
