import type { DataSource, EntityManager } from 'typeorm';
import type { AssistanceInstitution } from '@probity/assistance';
import type {
  ActionItemsService,
  CooperationOutcomesService,
  DirectoryService,
  InitiativeMembersService,
  InitiativeParticipationService,
  InitiativesService,
} from '@probity/cooperation';
import type { LocaleMap } from '@probity/i18n';
import type { AuthService, AuthUser } from '@probity/identity';
import { demoEmail } from './demo-data';

/** What the demo's cooperation initiative needs of the cooperation and assistance contexts' services. */
export interface CooperationWriter {
  /** An academy's institution of the facility, made (and audited) the first time it is needed. */
  institutions: { forNewRequest(manager: EntityManager, actor: AuthUser): Promise<AssistanceInstitution> };
  initiatives: Pick<InitiativesService, 'create' | 'setLinks' | 'hold'>;
  members: Pick<InitiativeMembersService, 'add' | 'accept'>;
  participation: Pick<InitiativeParticipationService, 'add' | 'mark'>;
  actionItems: Pick<ActionItemsService, 'create' | 'mark'>;
  outcomes: Pick<CooperationOutcomesService, 'report'>;
  directory: Pick<DirectoryService, 'optIn'>;
}

/** The demo initiative's title: its English text also finds it again (the seed runs once). */
export const COOPERATION_INITIATIVE_TITLE: LocaleMap = {
  en: 'Black Sea – Central Asia meeting on controlled deliveries and parallel financial investigations',
  ka: 'შავი ზღვისა და ცენტრალური აზიის შეხვედრა კონტროლირებად მიწოდებასა და პარალელურ ფინანსურ გამოძიებებზე',
  uk: 'Зустріч Чорне море – Центральна Азія з контрольованих поставок і паралельних фінансових розслідувань',
  ru: 'Встреча Черноморского региона и Центральной Азии по контролируемым поставкам и параллельным финансовым расследованиям',
};

const PURPOSE: LocaleMap = {
  en: 'Investigators and prosecutors of Georgia, Ukraine and Kyrgyzstan who trained together in the Tbilisi–Kyiv cohort meet their counterparts to agree how a controlled delivery along the route from Central Asia to the Black Sea ports is requested, authorised and followed across borders, and how a parallel financial investigation is opened in each country. They leave with named contacts and a short list of agreed actions.',
  ka: 'საქართველოს, უკრაინისა და ყირგიზეთის გამომძიებლები და პროკურორები, რომლებიც თბილისი–კიევის ჯგუფში ერთად გადამზადდნენ, ხვდებიან კოლეგებს, რათა შეთანხმდნენ, როგორ ხდება ცენტრალური აზიიდან შავი ზღვის პორტებამდე მარშრუტზე კონტროლირებადი მიწოდების მოთხოვნა, ნებართვა და საზღვრებს მიღმა თვალყურის დევნება, და როგორ იწყება პარალელური ფინანსური გამოძიება თითოეულ ქვეყანაში. ისინი შეხვედრას ტოვებენ კონკრეტული საკონტაქტო პირებითა და შეთანხმებული ქმედებების მოკლე ჩამონათვალით.',
  uk: 'Слідчі та прокурори Грузії, України та Киргизстану, які разом навчалися в групі Тбілісі–Київ, зустрічаються з колегами, щоб домовитися, як запитувати, погоджувати й супроводжувати через кордони контрольовану поставку на маршруті з Центральної Азії до чорноморських портів і як у кожній країні відкривати паралельне фінансове розслідування. Вони виходять із зустрічі з конкретними контактами та коротким переліком погоджених дій.',
  ru: 'Следователи и прокуроры Грузии, Украины и Кыргызстана, которые вместе учились в группе Тбилиси–Киев, встречаются с коллегами, чтобы договориться, как запрашивать, согласовывать и сопровождать через границы контролируемую поставку на маршруте из Центральной Азии к черноморским портам и как в каждой стране открывать параллельное финансовое расследование. Они уходят со встречи с конкретными контактами и коротким списком согласованных действий.',
};

/** The demo cohort the initiative builds on (seeded by `seedDemoCohort`). */
const COHORT_NAME = 'Tbilisi–Kyiv cooperation cohort';
const NO_ID = '00000000-0000-4000-8000-000000000000';

/**
 * One Georgia–Ukraine–Kyrgyzstan regional meeting of the Georgian academy (issue 15 point 6), built on the demo's
 * Georgian–Ukrainian cohort and held about four months ago, so that its 3-month follow-up is due: the Ukrainian and
 * Kyrgyz academies invited and accepted, participants of the three academies (five with accounts, two guests) and
 * their attendance over three days (one absent on the last), two action items (one done, one overdue), the Georgian
 * academy's 3-month outcome report, and two participants opted in to the directory. Everything goes through the
 * services (audited as a person would do it); created once, found again by its English title.
 */
export async function seedDemoCooperation(dataSource: DataSource, auth: AuthService, writer: CooperationWriter): Promise<boolean> {
  const found = await dataSource.query<unknown[]>(`SELECT 1 FROM cooperation_initiatives WHERE title->>'en' = $1`, [
    COOPERATION_INITIATIVE_TITLE.en,
  ]);
  if (found.length) return false;
  const people = await dataSource.query<{ id: string; email: string }[]>('SELECT id, email FROM users WHERE email LIKE $1', [
    '%@probity.demo',
  ]);
  const id = (key: string, code: string): string => people.find((p) => p.email === demoEmail(code, key))?.id ?? NO_ID;
  const actor = (key: string, code: string): Promise<AuthUser | undefined> => auth.activeUser(id(key, code));
  const [geAdmin, uaAdmin, kgAdmin] = [await actor('admin', 'GE'), await actor('admin', 'UA'), await actor('admin', 'KG')];
  const [geLearner, kgLearner] = [await actor('learner1', 'GE'), await actor('learner1', 'KG')];
  const [cohort] = await dataSource.query<{ id: string }[]>(
    `SELECT c.id FROM cohorts c JOIN course_versions v ON v.id = c.course_version_id JOIN courses co ON co.id = v.course_id
       JOIN academies a ON a.id = co.academy_id
      WHERE a.code = 'GE' AND co.code = 'NAPOR-CI' AND c.name = $1 ORDER BY c.created_at LIMIT 1`,
    [COHORT_NAME],
  );
  if (!geAdmin || !uaAdmin || !kgAdmin || !geLearner || !kgLearner || !cohort) return false;

  // Three days, ending four months ago: the 3-month follow-up has fallen due, the 6-month one not yet.
  const now = Date.now();
  const day = (offset: number): string => new Date(now + offset * 86_400_000).toISOString().slice(0, 10);
  const [first, second, last] = [day(-124), day(-123), day(-122)];

  const institution = (admin: AuthUser): Promise<AssistanceInstitution> =>
    dataSource.transaction((manager) => writer.institutions.forNewRequest(manager, admin));
  const [ge, ua, kg] = [await institution(geAdmin), await institution(uaAdmin), await institution(kgAdmin)];

  const view = await writer.initiatives.create(geAdmin, {
    title: COOPERATION_INITIATIVE_TITLE,
    purpose: PURPOSE,
    format: 'regional_meeting',
    topic: 'international_cooperation',
    startsOn: first,
    endsOn: last,
    venue: 'Batumi, Georgia',
    budgetLine: 'Component 3 – regional cooperation initiatives, line 3.2',
    agenda: [
      { day: first, time: '09:30', topic: 'Controlled deliveries: what each country’s law allows and who authorises them' },
      { day: second, time: '09:30', topic: 'A shipment from Osh to Batumi: a table-top exercise across three jurisdictions' },
      { day: last, time: '10:00', topic: 'Parallel financial investigations and the agreed next steps' },
    ],
  });
  const initiativeId = view.initiative.id;
  // The Ukrainian and Kyrgyz academies are invited; each administrator accepts before any of their people is added.
  for (const [member, admin] of [
    [ua, uaAdmin],
    [kg, kgAdmin],
  ] as const) {
    await writer.members.add(geAdmin, initiativeId, member.id);
    await writer.members.accept(admin, initiativeId, member.id);
  }
  await writer.initiatives.setLinks(geAdmin, initiativeId, { cohortIds: [cohort.id], missionIds: [] });

  // Each academy adds its own people: Georgia two learners, Ukraine a learner and a guest prosecutor, Kyrgyzstan two learners and a guest.
  const added: string[] = [];
  const add = async (admin: AuthUser, institutionId: string, dto: Record<string, string>): Promise<void> => {
    added.push((await writer.participation.add(admin, initiativeId, { institutionId, ...dto })).participant.id);
  };
  await add(geAdmin, ge.id, { userId: id('learner1', 'GE') });
  await add(geAdmin, ge.id, { userId: id('learner2', 'GE') });
  await add(uaAdmin, ua.id, { userId: id('learner1', 'UA') });
  await add(uaAdmin, ua.id, {
    fullName: 'Марина Гончаренко',
    sex: 'female',
    agencyType: 'prosecution',
    function: 'prosecutor',
    country: 'UA',
    organisation: 'Odesa Regional Prosecutor’s Office',
  });
  await add(kgAdmin, kg.id, { userId: id('learner1', 'KG') });
  await add(kgAdmin, kg.id, { userId: id('learner2', 'KG') });
  await add(kgAdmin, kg.id, {
    fullName: 'Эрлан Жумабаев',
    sex: 'male',
    agencyType: 'customs',
    function: 'investigator',
    country: 'KG',
    organisation: 'State Customs Service of the Kyrgyz Republic',
  });
  // The register, kept by the Georgian academy: everyone present every day but the Kyrgyz customs officer on the last.
  for (const date of [first, second, last])
    await writer.participation.mark(geAdmin, initiativeId, {
      day: date,
      present: Object.fromEntries(added.map((p, i) => [p, !(date === last && i === added.length - 1)])),
    });

  const items = [
    await writer.actionItems.create(geAdmin, initiativeId, {
      body: 'Exchange the contact points for urgent controlled-delivery requests between the three prosecution services, with a 24-hour telephone line.',
      ownerInstitutionId: ua.id,
      dueOn: day(-100),
    }),
    await writer.actionItems.create(geAdmin, initiativeId, {
      body: 'Circulate a short note on how a parallel financial investigation is opened under Kyrgyz law, in Russian and English.',
      ownerInstitutionId: kg.id,
      dueOn: day(-60),
    }),
  ];
  await writer.actionItems.mark(uaAdmin, items[0].item.id, {
    status: 'done',
    note: 'The list of contact points was sent to both partners and tested with a call.',
  });
  await writer.actionItems.mark(kgAdmin, items[1].item.id, { status: 'in_progress', note: 'A draft is with the legal department.' });

  // Held: the 3- and 6-month follow-ups are scheduled from the last day; the 3-month one is already due.
  await writer.initiatives.hold(geAdmin, initiativeId);
  await writer.outcomes.report(geAdmin, initiativeId, {
    institutionId: ge.id,
    wave: 3,
    jointInvestigations: 1,
    mlaRequests: 2,
    extraditionRequests: 0,
    jointOperations: 0,
    informationExchanges: 1,
    mousSigned: 0,
    note: 'One joint investigation team with Ukraine is being set up; the counts come from the Prosecutor’s Office registry.',
  });

  // Two participants choose to be found by their counterparts.
  await writer.directory.optIn(geLearner, {
    consent: true,
    displayName: 'თამარ ჯაფარიძე',
    agency: 'Central Criminal Police Department, Georgia',
    country: 'GE',
    languages: ['ka', 'ru', 'en'],
    topics: ['international_cooperation', 'financial_investigation'],
    workContact: 'learner1.ge@probity.demo',
  });
  await writer.directory.optIn(kgLearner, {
    consent: true,
    displayName: 'Нурлан Токтогулов',
    agency: 'Service for Combating Drug Trafficking, Kyrgyz Republic',
    country: 'KG',
    languages: ['ky', 'ru'],
    topics: ['international_cooperation', 'supply_reduction'],
    workContact: 'learner1.kg@probity.demo',
  });
  return true;
}
