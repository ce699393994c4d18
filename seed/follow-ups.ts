import type { DataSource } from 'typeorm';
import type {
  FollowUpAnswerInput,
  FollowUpAnswersService,
  FollowUpInvitationsService,
  FollowUpItem,
  FollowUpsService,
} from '@probity/evaluation';
import type { Locale } from '@probity/i18n';
import type { AuthService } from '@probity/identity';
import { demoEmail } from './demo-data';
import { NAPOR_FOLLOW_UP_LEARNER, NAPOR_FOLLOW_UP_SUPERVISOR } from './follow-ups/napor-follow-up';

export { NAPOR_FOLLOW_UP_LEARNER, NAPOR_FOLLOW_UP_SUPERVISOR };

/**
 * The standard follow-up questionnaires (learner and supervisor), on every database (demo or not): the server's
 * start-up calls this under the seed's advisory lock; each is created once, under its code. How many were created now.
 */
export async function seedStandardFollowUps(followUps: Pick<FollowUpsService, 'ensureStandard'>): Promise<number> {
  let created = 0;
  for (const standard of [NAPOR_FOLLOW_UP_LEARNER, NAPOR_FOLLOW_UP_SUPERVISOR]) if (await followUps.ensureStandard(standard)) created++;
  return created;
}

/** Who the Batumi graduates name as their supervisors (four of six), in which language. */
const SUPERVISORS: { learner: string; name: string; key: string; locale: Locale }[] = [
  { learner: 'learner1', name: 'გიორგი ბერიძე', key: 'supervisor1', locale: 'ka' },
  { learner: 'learner3', name: 'ნინო კაპანაძე', key: 'supervisor3', locale: 'ka' },
  { learner: 'learner4', name: 'Андрей Ковальчук', key: 'supervisor4', locale: 'ru' },
  { learner: 'learner5', name: 'თამარ ჯაფარიძე', key: 'supervisor5', locale: 'ka' },
];

/** The answers of four learners and three supervisors, by item type in the questionnaires' order. */
interface DemoAnswer {
  frequency: number;
  cases: number;
  example?: string;
  improved?: number;
  barriers: number[];
  more?: string;
}
const LEARNER_ANSWERS: DemoAnswer[] = [
  {
    frequency: 4,
    cases: 7,
    example: 'დაკავების ოქმს ახლა პირველივე საათში ვავსებ და დაკავებულს უფლებებს წერილობით ვაცნობ.',
    barriers: [2],
    more: 'ოქმის ნიმუშები ელექტრონულად რომ გვქონდეს, უფრო სწრაფად იქნებოდა.',
  },
  {
    frequency: 3,
    cases: 3,
    example: 'ნივთმტკიცებას ვფუთავ და ვნიშნავ ისე, როგორც კურსზე ვისწავლეთ, და შენახვის ჯაჭვს ვავსებ.',
    barriers: [3, 4],
  },
  { frequency: 5, cases: 12, example: 'მოწმეების გამოკითხვისას PEACE მოდელს ვიყენებ.', barriers: [1] },
  { frequency: 2, cases: 1, barriers: [6], more: 'ჩვენს განყოფილებაში ასეთი საქმეები იშვიათია.' },
];
const SUPERVISOR_ANSWERS: DemoAnswer[] = [
  {
    frequency: 4,
    cases: 5,
    example: 'ოქმები უფრო სრულია და სასამართლოში ნაკლები შენიშვნა მოდის.',
    improved: 3,
    barriers: [2],
  },
  { frequency: 3, cases: 2, improved: 2, barriers: [3], more: 'საჭიროა დამატებითი შესაფუთი მასალა.' },
  { frequency: 4, cases: 6, example: 'Допросы стали лучше подготовлены, протоколы аккуратнее.', improved: 3, barriers: [2, 4] },
];

function answersOf(items: FollowUpItem[], answer: DemoAnswer): FollowUpAnswerInput[] {
  const texts = [answer.example, answer.more];
  let open = 0;
  return items.flatMap((item): FollowUpAnswerInput[] => {
    if (item.type === 'frequency') return [{ itemId: item.id, value: answer.frequency }];
    if (item.type === 'count') return [{ itemId: item.id, value: answer.cases }];
    if (item.type === 'single_choice') return [{ itemId: item.id, value: answer.improved ?? 5 }];
    if (item.type === 'multi_choice') return [{ itemId: item.id, values: answer.barriers }];
    const text = texts[open++];
    return text ? [{ itemId: item.id, text }] : [];
  });
}

/** What the demo's follow-up needs of the evaluation context's services. */
export interface FollowUpWriter {
  followUps: Pick<FollowUpsService, 'setSchedule' | 'setSupervisor'>;
  answers: Pick<FollowUpAnswersService, 'mine' | 'learnerForm' | 'learnerAnswer' | 'linkForm' | 'linkAnswer'>;
  invitations: Pick<FollowUpInvitationsService, 'createDue' | 'sendSupervisorMails'>;
}

/**
 * The past Batumi cohort (see `seedDemoSurveys`) gets a follow-up wave 3 months after completion, due at once: its
 * graduates' completion is dated to the cohort's last day (at least four months ago), four of them name a supervisor,
 * the worker's steps create the invitations and mail the supervisors (to nobody: the demo has no mail server; the
 * links are read from the messages), and four learners and three supervisors answer. The results page shows both
 * (threshold 3). Skipped when the cohort is missing or already has a wave.
 */
export async function seedDemoFollowUps(dataSource: DataSource, auth: AuthService, writer: FollowUpWriter): Promise<boolean> {
  const [cohort] = await dataSource.query<{ id: string }[]>(
    `SELECT c.id FROM cohorts c JOIN academies a ON a.id = c.academy_id
      WHERE a.code = 'GE' AND c.name = 'Batumi, spring 2026' ORDER BY c.created_at LIMIT 1`,
  );
  if (!cohort) return false;
  if ((await dataSource.query<unknown[]>('SELECT 1 FROM follow_up_waves WHERE cohort_id = $1', [cohort.id])).length) return false;
  const people = await dataSource.query<{ id: string; email: string }[]>('SELECT id, email FROM users WHERE email LIKE $1', [
    '%.ge@probity.demo',
  ]);
  const idOf = (key: string): string | undefined => people.find((p) => p.email === demoEmail('GE', key))?.id;
  const admin = await auth.activeUser(idOf('admin') ?? '00000000-0000-4000-8000-000000000000');
  if (!admin) return false;
  // A demo's past cohort: its graduates completed on its last day (or four months ago, whichever is earlier), so
  // that the 3-month wave is due on first start. Only the demo dates a completion by hand.
  await dataSource.query(
    `UPDATE enrolments e SET completed_at = LEAST(c.ends_on::timestamptz + interval '12 hours', now() - interval '4 months')
       FROM cohorts c WHERE c.id = e.cohort_id AND e.cohort_id = $1 AND e.status = 'completed'`,
    [cohort.id],
  );
  await writer.followUps.setSchedule(admin, cohort.id, { waves: [{ months: 3 }], minResponses: 3 });
  for (const s of SUPERVISORS) {
    const learner = await auth.activeUser(idOf(s.learner) ?? '00000000-0000-4000-8000-000000000000');
    if (learner)
      await writer.followUps.setSupervisor(learner, cohort.id, { name: s.name, email: demoEmail('GE', s.key), locale: s.locale });
  }
  await writer.invitations.createDue();
  const links = new Map<string, string>();
  await writer.invitations.sendSupervisorMails(({ to, text }) => {
    const token = /\/f\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    if (token) links.set(to, token);
    return Promise.resolve();
  });
  for (const [i, key] of ['learner1', 'learner3', 'learner4', 'learner6'].entries()) {
    const learner = await auth.activeUser(idOf(key) ?? '00000000-0000-4000-8000-000000000000');
    const invitation = learner && (await writer.answers.mine(learner)).invitations.find((x) => x.cohort.id === cohort.id);
    if (!learner || !invitation) continue;
    const form = await writer.answers.learnerForm(learner, invitation.invitation.id);
    await writer.answers.learnerAnswer(learner, invitation.invitation.id, { answers: answersOf(form.items, LEARNER_ANSWERS[i]) });
  }
  for (const [i, s] of SUPERVISORS.slice(0, SUPERVISOR_ANSWERS.length).entries()) {
    const token = links.get(demoEmail('GE', s.key));
    if (!token) continue;
    const form = await writer.answers.linkForm(token);
    await writer.answers.linkAnswer(token, { answers: answersOf(form.items, SUPERVISOR_ANSWERS[i]) });
  }
  return true;
}
