import type { DataSource } from 'typeorm';
import type {
  CreateExpertDto,
  CreateRequestDto,
  ExpertsService,
  InstitutionsService,
  MissionEvaluationsService,
  MissionParticipantsService,
  MissionReportsService,
  MissionsService,
  ParticipationService,
  RecommendationsService,
  RequestThreadService,
  RequestsService,
} from '@probity/assistance';
import type { LocaleMap } from '@probity/i18n';
import type { AgencyType, AuthService, AuthUser, PersonFunction, Role, Sex, UsersService } from '@probity/identity';
import { DEMO_PASSWORD, demoEmail } from './demo-data';

/** What the demo's Technical Assistance Facility needs of the assistance context's services. */
export interface AssistanceWriter {
  institutions: Pick<InstitutionsService, 'create' | 'addFocalPoint'>;
  experts: Pick<ExpertsService, 'create' | 'createAccount'>;
  requests: Pick<RequestsService, 'create' | 'submit' | 'screen' | 'judge' | 'approve'>;
  thread: Pick<RequestThreadService, 'post'>;
  missions: Pick<MissionsService, 'create' | 'start' | 'deliver'>;
  participants: Pick<MissionParticipantsService, 'add' | 'mark'>;
  participation: Pick<ParticipationService, 'issue'>;
  reports: Pick<MissionReportsService, 'save' | 'submit'>;
  recommendations: Pick<RecommendationsService, 'mark'>;
  evaluations: Pick<MissionEvaluationsService, 'form' | 'answer'>;
}

/** The demo's facility people belong to no academy: their addresses use this code (`manager.taf@probity.demo`). */
export const FACILITY_CODE = 'TAF';

/** The facility's own demo people: its manager (in English) and the regional organisation's focal point (in Russian). */
export const FACILITY_PEOPLE: {
  key: string;
  fullName: string;
  roles: Role[];
  locale: string;
  sex: Sex;
  agencyType: AgencyType;
  function: PersonFunction;
  agency: string;
  rank: string;
}[] = [
  {
    key: 'manager',
    fullName: 'Katarzyna Nowak',
    roles: ['facility_manager'],
    locale: 'en',
    sex: 'female',
    agencyType: 'other',
    function: 'supervisor_manager',
    agency: 'Technical Assistance Facility',
    rank: 'Facility Manager',
  },
  {
    key: 'focal',
    fullName: 'Динара Сеитова',
    roles: ['partner_focal_point'],
    locale: 'ru',
    sex: 'female',
    agencyType: 'drug_control',
    function: 'supervisor_manager',
    agency: 'Central Asian Bureau for Drug Control Cooperation',
    rank: 'Programme Coordinator',
  },
];

/** An invented regional organisation of five Central Asian states (not a real body's name). */
export const DEMO_REGIONAL_ORGANISATION: { name: LocaleMap; countries: string[] } = {
  name: {
    en: 'Central Asian Bureau for Drug Control Cooperation',
    ru: 'Центральноазиатское бюро по сотрудничеству в сфере контроля над наркотиками',
    uk: 'Центральноазійське бюро зі співпраці у сфері контролю над наркотиками',
    ka: 'ცენტრალური აზიის ბიურო ნარკოტიკების კონტროლის სფეროში თანამშრომლობისთვის',
    ur: 'منشیات پر کنٹرول میں تعاون کے لیے وسطی ایشیائی بیورو',
    sw: 'Ofisi ya Asia ya Kati ya Ushirikiano katika Udhibiti wa Dawa za Kulevya',
  },
  countries: ['KZ', 'KG', 'TJ', 'TM', 'UZ'],
};

/** Each demo expert: the profile, whether they work for the regional organisation, and their account's language if any. */
interface DemoExpert {
  key: string;
  profile: Omit<CreateExpertDto, 'email' | 'institutionId'>;
  ofRegionalOrganisation?: boolean;
  account?: string;
}

/**
 * Five experts of the roster, as a facility would hold them: a Lithuanian forensic chemist (the Georgian mission's
 * lead), a Ukrainian prosecutor (the one serving public official, its second expert), a Georgian financial
 * investigator whose vetting ran out in April 2026, a Kyrgyz officer of the regional organisation (flagged as a
 * conflict on its own request) and a Pakistani specialist in treatment and rights. Availability in 2027.
 */
export const DEMO_EXPERTS: DemoExpert[] = [
  {
    key: 'expert.lt',
    account: 'en',
    profile: {
      fullName: 'Rūta Kazlauskienė',
      sex: 'female',
      country: 'LT',
      organisation: 'Independent consultant, formerly a forensic drug chemist in Vilnius',
      publicOfficial: false,
      topics: ['forensics', 'supply_reduction', 'case_integrity'],
      vettedOn: '2025-02-03',
      vettingExpiresOn: '2028-02-02',
      bio: 'Twenty years as a forensic chemist analysing seized drugs, the last eight as head of a laboratory unit. Has trained police and customs officers of several EU member states on sampling, packaging and the chain of custody, and served as an expert witness in cross-border trafficking cases.',
      languages: [
        { language: 'lt', level: 'native' },
        { language: 'en', level: 'C1' },
        { language: 'ru', level: 'C1' },
        { language: 'pl', level: 'B1' },
      ],
      availability: [
        { from: '2027-02-01', to: '2027-03-26' },
        { from: '2027-09-06', to: '2027-10-29', note: 'Two missions at most in this period' },
      ],
    },
  },
  {
    key: 'expert.ua',
    account: 'uk',
    profile: {
      fullName: 'Олег Бондаренко',
      sex: 'male',
      country: 'UA',
      organisation: 'Office of the Prosecutor General of Ukraine',
      publicOfficial: true,
      topics: ['case_integrity', 'human_rights_in_investigation', 'international_cooperation'],
      vettedOn: '2026-01-19',
      vettingExpiresOn: '2029-01-18',
      bio: 'Prosecutor supervising investigations of organised drug trafficking. Drafted the prosecution service’s guidance on the admissibility of physical evidence and has handled mutual legal assistance requests with EU and Central Asian authorities.',
      languages: [
        { language: 'uk', level: 'native' },
        { language: 'ru', level: 'C2' },
        { language: 'en', level: 'B2' },
      ],
      availability: [
        { from: '2027-01-18', to: '2027-02-26' },
        { from: '2027-05-03', to: '2027-06-25', note: 'Online sessions only' },
      ],
    },
  },
  {
    key: 'expert.ge',
    profile: {
      fullName: 'ნათია გელაშვილი',
      sex: 'female',
      country: 'GE',
      organisation: 'Independent consultant on financial investigations',
      publicOfficial: false,
      topics: ['financial_investigation', 'international_cooperation'],
      vettedOn: '2023-04-10',
      vettingExpiresOn: '2026-04-09',
      bio: 'Former head of a financial investigation unit. Advises on tracing the proceeds of drug trafficking, parallel financial investigations and asset recovery; has written training material on financial profiling for investigators.',
      languages: [
        { language: 'ka', level: 'native' },
        { language: 'en', level: 'C1' },
        { language: 'ru', level: 'B2' },
      ],
      availability: [{ from: '2027-03-01', to: '2027-04-30' }],
    },
  },
  {
    key: 'expert.kg',
    ofRegionalOrganisation: true,
    profile: {
      fullName: 'Азамат Жумабеков',
      sex: 'male',
      country: 'KG',
      organisation: 'Central Asian Bureau for Drug Control Cooperation',
      publicOfficial: false,
      topics: ['supply_reduction', 'international_cooperation', 'demand_reduction'],
      vettedOn: '2025-09-15',
      vettingExpiresOn: '2028-09-14',
      bio: 'Analyst of trafficking routes across Central Asia; before joining the regional organisation, twelve years in a national drug control service, including joint operations with neighbouring countries.',
      languages: [
        { language: 'ky', level: 'native' },
        { language: 'ru', level: 'C2' },
        { language: 'kk', level: 'B2' },
        { language: 'en', level: 'B1' },
      ],
      availability: [{ from: '2027-02-15', to: '2027-04-30' }],
    },
  },
  {
    key: 'expert.pk',
    account: 'ur',
    profile: {
      fullName: 'سعدیہ رحمان',
      sex: 'female',
      country: 'PK',
      organisation: 'Independent consultant, formerly with a provincial drug treatment programme',
      publicOfficial: false,
      topics: ['demand_reduction', 'human_rights_in_investigation'],
      vettedOn: '2026-06-01',
      vettingExpiresOn: '2029-05-31',
      bio: 'Public health specialist who set up referral from police custody to treatment services, and trains police on the rights of people who use drugs during arrest and questioning.',
      languages: [
        { language: 'ur', level: 'native' },
        { language: 'en', level: 'C2' },
        { language: 'pa', level: 'C1' },
      ],
      availability: [{ from: '2027-03-15', to: '2027-06-30' }],
    },
  },
];

/** Request (a): the Georgian academy's, in Georgian, approved in May 2026 and delivered as a workshop in August. */
export const GEORGIAN_REQUEST: CreateRequestDto = {
  locale: 'ka',
  topic: 'forensics',
  format: 'workshop',
  title: 'ამოღებული ნარკოტიკული საშუალებების შენახვის ჯაჭვი: შემთხვევის ადგილიდან ლაბორატორიამდე და სასამართლომდე',
  need: 'ბოლო ორი წლის განმავლობაში სასამართლომ ნარკოდანაშაულის რამდენიმე საქმეში ნივთმტკიცება დაუშვებლად ცნო, რადგან ამოღებული ნივთიერების შეფუთვა, ნიშანდება და ლაბორატორიაში გადაცემა სათანადოდ არ იყო დოკუმენტირებული. გამომძიებლები და ექსპერტ-კრიმინალისტები სხვადასხვა ფორმას იყენებენ, ხოლო აკადემიის სასწავლო კურსი შენახვის ჯაჭვს მხოლოდ ზოგადად ეხება.',
  expectedResult:
    'მონაწილეები ისწავლიან ამოღების, შეფუთვის, შენახვისა და ლაბორატორიაში გადაცემის ერთიანი წესით დოკუმენტირებას; აკადემია მიიღებს შენახვის ჯაჭვის ოქმის ნიმუშს და პრაქტიკულ სავარჯიშოს, რომელსაც გამომძიებელთა კურსში ჩართავს.',
  targetGroup:
    'ცენტრალური კრიმინალური პოლიციის დეპარტამენტის გამომძიებლები, ექსპერტ-კრიმინალისტები და პროკურორები, რომლებიც ნარკოდანაშაულის საქმეებს იძიებენ ან სასამართლოში წარმართავენ, ასევე აკადემიის ორი ლექტორი.',
  participants: 20,
  preferredFrom: '2026-08-17',
  preferredTo: '2026-08-21',
  languages: ['ka', 'en'],
};

/** Request (b): the regional organisation's, in Russian, under screening with a question answered in its thread. */
export const REGIONAL_REQUEST: CreateRequestDto = {
  locale: 'ru',
  topic: 'international_cooperation',
  format: 'workshop',
  title: 'Контролируемые поставки через границы стран Центральной Азии: совместный семинар для оперативных подразделений',
  need: 'В 2025–2026 годах подразделения по борьбе с наркотиками стран региона провели лишь несколько совместных контролируемых поставок, хотя маршруты опиатов и синтетических наркотиков пересекают сразу несколько границ. Мешают различия в законодательстве, отсутствие согласованного порядка обмена информацией во время операции и недостаток доверия между службами. Сотрудники, которым предстоит вести такие операции, не знают процедур соседних стран и не имеют общего опыта.',
  expectedResult:
    'Участники из пяти стран разберут на учебных примерах весь цикл контролируемой поставки — от запроса и согласования до передачи дела в суд — и подготовят проект типового порядка взаимодействия, который Бюро внесёт на рассмотрение национальных координаторов. Будет сформирована сеть контактных лиц по контролируемым поставкам.',
  targetGroup:
    'Оперативные сотрудники и руководители подразделений по борьбе с наркотиками, таможенных и пограничных служб Казахстана, Кыргызстана, Таджикистана, Туркменистана и Узбекистана (по четыре-пять человек от страны), а также прокуроры, надзирающие за оперативно-розыскной деятельностью.',
  participants: 24,
  preferredFrom: '2027-04-12',
  preferredTo: '2027-04-16',
  languages: ['ru', 'en'],
};

/** The manager's question on request (b) and the focal point's answer, in Russian. */
const REGIONAL_THREAD = {
  question:
    'Здравствуйте! Спасибо за запрос. Чтобы завершить проверку, уточните, пожалуйста: подтвердили ли все пять стран, что направят участников, и смогут ли участвовать прокуроры? И есть ли у Бюро помещение для семинара или площадку нужно искать нам?',
  answer:
    'Добрый день! Письма о готовности направить участников уже прислали Казахстан, Кыргызстан, Таджикистан и Узбекистан, ответ Туркменистана ожидаем до конца декабря. Прокуроры участвовать смогут: по одному от каждой страны. Конференц-зал Бюро в Алматы вмещает до 30 человек, синхронный перевод на английский язык мы обеспечим сами.',
};

/** The Georgian workshop's three days and what each held (in Georgian, as the participants read it). */
const MISSION_DAYS = ['2026-08-17', '2026-08-18', '2026-08-19'] as const;
const MISSION_AGENDA = [
  { day: MISSION_DAYS[0], time: '09:30', topic: 'გახსნა; ნარკოტიკული საშუალებების ამოღება შემთხვევის ადგილზე: ევროპული პრაქტიკა' },
  { day: MISSION_DAYS[0], time: '14:00', topic: 'შეფუთვა, ნიშანდება და დალუქვა: პრაქტიკული სავარჯიშო' },
  { day: MISSION_DAYS[1], time: '09:30', topic: 'შენახვა და ლაბორატორიაში გადაცემა; შენახვის ჯაჭვის ოქმი' },
  { day: MISSION_DAYS[1], time: '14:00', topic: 'ლაბორატორიული კვლევა და ექსპერტის დასკვნა' },
  { day: MISSION_DAYS[2], time: '09:30', topic: 'ნივთმტკიცების დასაშვებობა სასამართლოში: უკრაინის გამოცდილება' },
  { day: MISSION_DAYS[2], time: '14:00', topic: 'იმიტირებული საქმე ამოღებიდან სასამართლომდე; შეჯამება' },
];

/** The guest of the workshop: a forensic examiner without an account in Probity. */
const GUEST = {
  fullName: 'დავით წიკლაური',
  sex: 'male' as const,
  agencyType: 'police' as const,
  function: 'analyst' as const,
  country: 'GE',
  organisation: 'შსს საექსპერტო-კრიმინალისტიკური დეპარტამენტი',
};

/** The lead expert's report, in English (the experts' working language, with Georgian interpretation). */
const MISSION_REPORT = {
  locale: 'en' as const,
  activities:
    'A three-day workshop at the MIA Academy in Tbilisi (17–19 August 2026) for investigators, forensic examiners and prosecutors, with consecutive interpretation between English and Georgian. Day 1: seizure at the scene and European practice in documenting it, then a practical exercise in packaging, labelling and sealing seized substances. Day 2: storage, transfer to the laboratory and the chain-of-custody record; how a laboratory receives, samples and reports. Day 3: the admissibility of drug evidence in court, with Ukrainian case law presented by the second expert, and a mock case followed from the seizure to the trial. The experts also visited the evidence room of a district police unit in Tbilisi.',
  findings:
    'Each unit uses its own forms: the record made at the scene does not travel with the substance to the laboratory, so gaps appear at every hand-over. Seals are ordinary adhesive tape and the bags are not tamper-evident. The evidence room we visited keeps no log of who enters it. Investigators know the Criminal Procedure Code well, but not what the laboratory needs to receive; prosecutors learn of breaks in the chain only when the defence raises them. The academy’s course covers the subject in a single lecture, without practice.',
  recommendations: [
    {
      body: 'Adopt one chain-of-custody form for seized drugs, used from the scene to the court, with a signature and the time at every hand-over.',
      owner: 'Central Criminal Police Department, Ministry of Internal Affairs',
      dueOn: '2026-10-31',
    },
    {
      body: 'Add a practical module on seizure, packaging and the chain of custody (at least one day, using the mock case of this workshop) to the academy’s course for investigators.',
      owner: 'Academy of the Ministry of Internal Affairs',
      dueOn: '2027-03-31',
    },
    {
      body: 'Equip the regional units with tamper-evident evidence bags and numbered seals, and keep an entry log in every evidence room.',
      owner: 'Logistics Department, Ministry of Internal Affairs',
      dueOn: '2026-11-30',
    },
  ],
};

/** The host's marks at the 3-month follow-up (the third recommendation is left unanswered: overdue). */
const RECOMMENDATION_MARKS: { position: number; status: 'implemented' | 'in_progress'; note: string }[] = [
  {
    position: 1,
    status: 'implemented',
    note: 'ერთიანი ოქმი მინისტრის ბრძანებით 2026 წლის 1 ოქტომბრიდან ამოქმედდა და ყველა რეგიონულ ერთეულს დაეგზავნა.',
  },
  {
    position: 2,
    status: 'in_progress',
    note: 'მოდულის პროგრამა მომზადებულია; პირველი ჯგუფი მას 2027 წლის თებერვალში გაივლის.',
  },
];

/** Five evaluations (eight statements, 1–5, and what should change), by who answered. */
const EVALUATIONS: { who: 'learner1' | 'learner2' | 'expert.lt' | 'expert.ua' | 'host'; values: number[]; text?: string }[] = [
  { who: 'learner1', values: [5, 5, 5, 4, 4, 5, 4, 5], text: 'პრაქტიკულ სავარჯიშოს მეტი დრო და ნამდვილი შესაფუთი მასალა დასჭირდებოდა.' },
  { who: 'learner2', values: [5, 4, 5, 5, 4, 4, 3, 5], text: 'სასამართლო პრაქტიკის მაგალითები ქართული საქმეებიდანაც მოგვიყვანეთ.' },
  {
    who: 'expert.lt',
    values: [5, 5, 4, 4, 4, 5, 4, 5],
    text: 'Send us the national forms in advance, so that the exercises start from the participants’ own documents.',
  },
  { who: 'expert.ua', values: [4, 5, 4, 4, 5, 4, 4, 4], text: 'Варто передбачити окрему сесію лише для прокурорів.' },
  { who: 'host', values: [5, 5, 5, 5, 4, 5, 5, 5], text: 'შემდეგ მისიაზე რეგიონული ერთეულების ხელმძღვანელებიც მოვიწვიოთ.' },
];

/** When things happened, for the demo's dates (the services stamp the moment they run). */
const DATED = {
  georgian: { created: '2026-05-04T09:12:00+04:00', submitted: '2026-05-06T11:40:00+04:00', decided: '2026-05-27T16:05:00+04:00' },
  delivered: '2026-08-19T17:30:00+04:00',
  reportSubmitted: '2026-09-02T10:15:00+03:00',
  marked: '2026-11-23T12:00:00+04:00',
  regional: {
    created: '2026-11-16T10:20:00+05:00',
    submitted: '2026-11-18T09:05:00+05:00',
    question: '2026-11-24T14:30:00+01:00',
    answer: '2026-11-26T10:10:00+05:00',
  },
};

const NO_ID = '00000000-0000-4000-8000-000000000000';

/** What the demo's facility added: people, experts, requests (each counted when created now). */
export interface AssistanceSeeded {
  people: number;
  experts: number;
  requests: number;
}

/**
 * The demo's Technical Assistance Facility (issue 14 point 7), made through the assistance services so that every step
 * is checked and audited as a person's would be: a facility manager and a regional organisation with its focal point;
 * five experts (three with accounts); the Georgian academy's request, screened, approved and delivered in August 2026
 * as a three-day workshop (two demo learners and a guest, the register, certificates of participation), with the lead
 * expert's report, three recommendations (one implemented, one in progress, one overdue) and five evaluations; and the
 * regional organisation's request in Russian, under screening with a question and its answer. Idempotent: each part
 * is skipped when present. The services stamp the moment they run; the demo then dates its past (as
 * `seedDemoFollowUps` dates a completion) so that the dashboards show a time to decision and a follow-up due.
 */
export async function seedDemoAssistance(
  dataSource: DataSource,
  auth: AuthService,
  users: UsersService,
  writer: AssistanceWriter,
): Promise<AssistanceSeeded> {
  const seeded: AssistanceSeeded = { people: 0, experts: 0, requests: 0 };
  const idOf = async (email: string): Promise<string | undefined> =>
    (await dataSource.query<{ id: string }[]>('SELECT id FROM users WHERE email = $1', [email]))[0]?.id;
  const actor = async (email: string): Promise<AuthUser | undefined> => auth.activeUser((await idOf(email)) ?? NO_ID);

  for (const person of FACILITY_PEOPLE) {
    const email = demoEmail(FACILITY_CODE, person.key);
    if (await idOf(email)) continue;
    const { key: _key, ...fields } = person;
    await users.create(null, { ...fields, email, password: DEMO_PASSWORD });
    seeded.people++;
  }
  const manager = await actor(demoEmail(FACILITY_CODE, 'manager'));
  const focal = await actor(demoEmail(FACILITY_CODE, 'focal'));
  if (!manager || !focal) return seeded;

  // The regional organisation, and its focal point tied to it.
  let [organisation] = await dataSource.query<{ id: string }[]>(
    `SELECT id FROM assistance_institutions WHERE kind = 'regional_organisation' AND name->>'en' = $1`,
    [DEMO_REGIONAL_ORGANISATION.name.en],
  );
  if (!organisation)
    organisation = (
      await writer.institutions.create(manager, {
        kind: 'regional_organisation',
        name: DEMO_REGIONAL_ORGANISATION.name,
        countries: DEMO_REGIONAL_ORGANISATION.countries,
      })
    ).institution;
  if (!(await dataSource.query<unknown[]>('SELECT 1 FROM assistance_focal_points WHERE user_id = $1', [focal.id])).length)
    await writer.institutions.addFocalPoint(manager, organisation.id, focal.id);

  // The roster: each expert once, by address; an account for those who have one.
  const experts = new Map<string, { id: string; userId: string | null }>();
  for (const demo of DEMO_EXPERTS) {
    const email = demoEmail(FACILITY_CODE, demo.key);
    let [expert] = await dataSource.query<{ id: string; userId: string | null }[]>(
      'SELECT id, user_id AS "userId" FROM assistance_experts WHERE email = $1',
      [email],
    );
    if (!expert) {
      const created = await writer.experts.create(manager, {
        ...demo.profile,
        email,
        institutionId: demo.ofRegionalOrganisation ? organisation.id : null,
      });
      expert = { id: created.expert.id, userId: null };
      seeded.experts++;
    }
    if (demo.account && !expert.userId && !(await idOf(email))) {
      const { user } = await writer.experts.createAccount(manager, expert.id, { password: DEMO_PASSWORD, locale: demo.account });
      expert = { ...expert, userId: user.id };
    }
    experts.set(demo.key, expert);
  }

  if (await seedGeorgianMission(dataSource, auth, writer, manager, experts, actor)) seeded.requests++;
  if (await seedRegionalRequest(dataSource, writer, manager, focal)) seeded.requests++;
  return seeded;
}

/** Request (a) from request to follow-up; skipped when its title exists, or when a person it needs is missing. */
async function seedGeorgianMission(
  dataSource: DataSource,
  auth: AuthService,
  writer: AssistanceWriter,
  manager: AuthUser,
  experts: Map<string, { id: string; userId: string | null }>,
  actor: (email: string) => Promise<AuthUser | undefined>,
): Promise<boolean> {
  if ((await dataSource.query<unknown[]>('SELECT 1 FROM assistance_requests WHERE title = $1', [GEORGIAN_REQUEST.title])).length)
    return false;
  const host = await actor(demoEmail('GE', 'admin'));
  const learner1 = await actor(demoEmail('GE', 'learner1'));
  const learner2 = await actor(demoEmail('GE', 'learner2'));
  const lead = experts.get('expert.lt');
  const second = experts.get('expert.ua');
  const leadUser = lead?.userId ? await auth.activeUser(lead.userId) : undefined;
  const secondUser = second?.userId ? await auth.activeUser(second.userId) : undefined;
  if (!host || !learner1 || !learner2 || !lead || !second || !leadUser || !secondUser) return false;

  // The request: filed, screened against each rule, approved.
  const { request } = await writer.requests.create(host, GEORGIAN_REQUEST);
  await writer.requests.submit(host, request.id);
  await writer.requests.screen(manager, request.id);
  await writer.requests.judge(manager, request.id, {
    rules: {
      partner_country: { met: true, note: 'Georgia is a partner country.' },
      topic_in_scope: { met: true, note: 'Forensic handling of drug evidence is within supply reduction and case integrity.' },
      dates_feasible: { met: true, note: 'Mid-August suits both experts; the academy hosts it.' },
      no_duplicate: { met: true, note: 'The NAPOR course touches the subject in one lesson only; no earlier request on it.' },
    },
  });
  await writer.requests.approve(manager, request.id, {});
  await dataSource.query(
    `UPDATE assistance_requests SET created_at = $2, submitted_at = $3, decided_at = $4, updated_at = $4 WHERE id = $1`,
    [request.id, DATED.georgian.created, DATED.georgian.submitted, DATED.georgian.decided],
  );

  // The mission: planned with a lead and a second expert, held, its register kept, delivered, certificates issued.
  const { mission } = await writer.missions.create(manager, request.id, {
    startsOn: MISSION_DAYS[0],
    endsOn: MISSION_DAYS[MISSION_DAYS.length - 1],
    venue: 'შსს აკადემია, თბილისი',
    online: false,
    agenda: MISSION_AGENDA,
    experts: [
      { expertId: lead.id, lead: true },
      { expertId: second.id, lead: false },
    ],
  });
  await writer.missions.start(manager, mission.id);
  const first = await writer.participants.add(manager, mission.id, { userId: learner1.id });
  const secondLearner = await writer.participants.add(manager, mission.id, { userId: learner2.id });
  const guest = await writer.participants.add(manager, mission.id, GUEST);
  const [a, b, c] = [first, secondLearner, guest].map((p) => p.participant.id);
  for (const [i, day] of MISSION_DAYS.entries())
    await writer.participants.mark(manager, mission.id, { day, present: { [a]: true, [b]: i !== 1, [c]: true } });
  await writer.missions.deliver(manager, mission.id);
  await writer.participation.issue(manager, mission.id);
  await dataSource.query(`UPDATE assistance_missions SET delivered_at = $2 WHERE id = $1`, [mission.id, DATED.delivered]);

  // The lead expert's report, submitted (which asks everyone concerned to evaluate the mission).
  await writer.reports.save(leadUser, mission.id, MISSION_REPORT);
  const report = await writer.reports.submit(leadUser, mission.id);
  await dataSource.query(`UPDATE assistance_mission_reports SET submitted_at = $2, updated_at = $2 WHERE mission_id = $1`, [
    mission.id,
    DATED.reportSubmitted,
  ]);

  // The host answers the 3-month follow-up for two recommendations; the third stays overdue.
  for (const mark of RECOMMENDATION_MARKS) {
    const recommendation = report.recommendations.find((r) => r.position === mark.position);
    if (recommendation) await writer.recommendations.mark(host, recommendation.id, { status: mark.status, note: mark.note, wave: 3 });
  }
  await dataSource.query(
    `UPDATE assistance_recommendation_updates u SET at = $2 FROM assistance_recommendations r
      WHERE r.id = u.recommendation_id AND r.mission_id = $1`,
    [mission.id, DATED.marked],
  );
  await dataSource.query(`UPDATE assistance_recommendations SET updated_at = $2 WHERE mission_id = $1 AND updated_by IS NOT NULL`, [
    mission.id,
    DATED.marked,
  ]);

  // Five evaluations: the two learners, both experts and the host.
  const who = { learner1, learner2, 'expert.lt': leadUser, 'expert.ua': secondUser, host };
  for (const evaluation of EVALUATIONS) {
    const person = who[evaluation.who];
    const form = await writer.evaluations.form(person, mission.id);
    let likert = 0;
    const answers = form.items.flatMap((item): { itemId: string; value?: number; text?: string }[] =>
      item.type === 'open_text'
        ? evaluation.text
          ? [{ itemId: item.id, text: evaluation.text }]
          : []
        : [{ itemId: item.id, value: evaluation.values[likert++] ?? 4 }],
    );
    await writer.evaluations.answer(person, mission.id, { answers });
  }
  return true;
}

/** Request (b): filed by the focal point, taken into screening, a question and its answer, two rules judged. */
async function seedRegionalRequest(dataSource: DataSource, writer: AssistanceWriter, manager: AuthUser, focal: AuthUser): Promise<boolean> {
  if ((await dataSource.query<unknown[]>('SELECT 1 FROM assistance_requests WHERE title = $1', [REGIONAL_REQUEST.title])).length)
    return false;
  const { request } = await writer.requests.create(focal, REGIONAL_REQUEST);
  await writer.requests.submit(focal, request.id);
  await writer.requests.screen(manager, request.id);
  const question = await writer.thread.post(manager, request.id, REGIONAL_THREAD.question);
  const answer = await writer.thread.post(focal, request.id, REGIONAL_THREAD.answer);
  await writer.requests.judge(manager, request.id, {
    rules: {
      partner_country: { met: true, note: 'Кыргызстан, член Бюро, — страна-партнёр программы.' },
      topic_in_scope: { met: true, note: 'Международное сотрудничество при контролируемых поставках входит в задачи программы.' },
    },
  });
  await dataSource.query(`UPDATE assistance_requests SET created_at = $2, submitted_at = $3 WHERE id = $1`, [
    request.id,
    DATED.regional.created,
    DATED.regional.submitted,
  ]);
  await dataSource.query(`UPDATE assistance_request_comments SET created_at = $2 WHERE id = $1`, [
    question.comment.id,
    DATED.regional.question,
  ]);
  await dataSource.query(`UPDATE assistance_request_comments SET created_at = $2 WHERE id = $1`, [
    answer.comment.id,
    DATED.regional.answer,
  ]);
  return true;
}
