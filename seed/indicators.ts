import type { DataSource } from 'typeorm';
import type { CreateIndicatorDto, IndicatorsService } from '@probity/evaluation';
import type { AuthService, AuthUser } from '@probity/identity';
import { demoEmail } from './demo-data';

/** What the demo's indicators need of the evaluation context. */
export type IndicatorWriter = Pick<IndicatorsService, 'create' | 'enter'>;

/** Who keeps each demo indicator: the Georgian academy's administrator, or the platform's. */
type Keeper = 'GE' | 'platform';

/** The demo's three indicators, as a logframe of an EU project would word them, in six languages. */
const DEMO_INDICATORS: (CreateIndicatorDto & { keeper: Keeper })[] = [
  {
    keeper: 'GE',
    code: 'EU-1.1',
    title: {
      en: 'Individuals trained who increased their knowledge, by sex',
      ru: 'Обученные лица, повысившие свои знания, с разбивкой по полу',
      ka: 'გადამზადებული პირები, რომლებმაც ცოდნა გაიუმჯობესეს, სქესის მიხედვით',
      uk: 'Навчені особи, які підвищили свої знання, з розподілом за статтю',
      ur: 'تربیت یافتہ افراد جن کے علم میں اضافہ ہوا، جنس کے لحاظ سے',
      sw: 'Watu waliopata mafunzo na kuongeza maarifa yao, kwa jinsia',
    },
    description: {
      en: 'Verified from the pre- and post-tests of each cohort: an increase counts when the post-test is more than 10 points above the pre-test.',
      ru: 'Проверяется по входным и итоговым тестам каждой группы: повышение засчитывается, если итоговый тест выше входного более чем на 10 пунктов.',
      ka: 'მოწმდება თითოეული ჯგუფის საწყისი და დასკვნითი ტესტებით: ზრდა ითვლება, როცა დასკვნითი ტესტი საწყისს 10 პუნქტზე მეტით აღემატება.',
      uk: 'Перевіряється за вхідними і підсумковими тестами кожної групи: підвищення зараховується, якщо підсумковий тест вищий за вхідний більш ніж на 10 пунктів.',
      ur: 'ہر گروپ کے ابتدائی اور آخری ٹیسٹ سے تصدیق: اضافہ تب گنا جاتا ہے جب آخری ٹیسٹ ابتدائی سے 10 پوائنٹس سے زیادہ ہو۔',
      sw: 'Huthibitishwa kwa majaribio ya awali na ya mwisho ya kila kundi: ongezeko huhesabiwa pale jaribio la mwisho linapozidi la awali kwa alama zaidi ya 10.',
    },
    measure: 'knowledge_improved_percent',
    margin: 10,
    breakdown: 'sex',
    periodKind: 'half_year',
    baselineValue: 55,
    baselineDate: '2025-12-31',
    targetValue: 75,
    targetDate: '2027-12-31',
  },
  {
    keeper: 'GE',
    code: 'EU-1.2',
    title: {
      en: 'Mean satisfaction with training',
      ru: 'Средняя удовлетворённость обучением',
      ka: 'სწავლებით საშუალო კმაყოფილება',
      uk: 'Середня задоволеність навчанням',
      ur: 'تربیت سے اوسط اطمینان',
      sw: 'Wastani wa kuridhika na mafunzo',
    },
    description: {
      en: 'From the anonymous end-of-course surveys, once at least five participants of a cohort have answered.',
      ru: 'По анонимным анкетам в конце курса, как только ответили не менее пяти участников группы.',
      ka: 'კურსის ბოლოს ანონიმური კითხვარებით, როგორც კი ჯგუფის სულ მცირე ხუთი მონაწილე უპასუხებს.',
      uk: 'За анонімними анкетами наприкінці курсу, щойно відповіли щонайменше п’ятеро учасників групи.',
      ur: 'کورس کے اختتام کے گمنام سوالناموں سے، جب کسی گروپ کے کم از کم پانچ شرکاء جواب دے دیں۔',
      sw: 'Kutoka kwenye hojaji zisizo na majina za mwisho wa kozi, mara washiriki watano wa kundi wanapokuwa wamejibu.',
    },
    measure: 'mean_satisfaction',
    periodKind: 'year',
    baselineValue: 3.8,
    baselineDate: '2025-12-31',
    targetValue: 4.3,
    targetDate: '2027-12-31',
  },
  {
    keeper: 'platform',
    code: 'EU-2.1',
    title: {
      en: 'Officials certified',
      ru: 'Сертифицированные должностные лица',
      ka: 'სერტიფიცირებული თანამდებობის პირები',
      uk: 'Сертифіковані посадові особи',
      ur: 'سند یافتہ اہلکار',
      sw: 'Maafisa waliopata vyeti',
    },
    description: {
      en: 'Investigators and prosecutors of every partner academy holding a valid Probity certificate, by country.',
      ru: 'Следователи и прокуроры всех академий-партнёров с действительным сертификатом Probity, по странам.',
      ka: 'ყველა პარტნიორი აკადემიის გამომძიებლები და პროკურორები მოქმედი Probity სერტიფიკატით, ქვეყნების მიხედვით.',
      uk: 'Слідчі та прокурори всіх академій-партнерів із чинним сертифікатом Probity, за країнами.',
      ur: 'تمام شراکت دار اکیڈمیوں کے تفتیش کار اور استغاثہ کار جن کے پاس Probity کی درست سند ہے، ملک کے لحاظ سے۔',
      sw: 'Wapelelezi na waendesha mashtaka wa vyuo vyote washirika wenye cheti halali cha Probity, kwa nchi.',
    },
    unit: { en: 'officials', ru: 'должностных лиц', ka: 'თანამდებობის პირი', uk: 'посадових осіб', ur: 'اہلکار', sw: 'maafisa' },
    measure: 'people_certified',
    breakdown: 'country',
    periodKind: 'half_year',
    baselineValue: 0,
    baselineDate: '2025-12-31',
    targetValue: 40,
    targetDate: '2027-12-31',
  },
];

/**
 * The demo's indicator register: three indicators with baselines and targets, computed at once, so that the register
 * page shows something on first start. The knowledge indicator's first half of 2026 is entered by hand, as an
 * academy does with figures from before its tests ran in Probity (the demo's past cohort sat its tests on paper);
 * satisfaction comes from the past cohort's survey, certificates from its graduates. Skipped when the codes exist.
 */
export async function seedDemoIndicators(dataSource: DataSource, auth: AuthService, indicators: IndicatorWriter): Promise<number> {
  const [admin] = await dataSource.query<{ id: string }[]>('SELECT id FROM users WHERE email = $1', [demoEmail('GE', 'admin')]);
  const [platform] = await dataSource.query<{ id: string }[]>(
    `SELECT id FROM users WHERE 'platform_admin' = ANY(roles) AND active ORDER BY created_at LIMIT 1`,
  );
  const keepers: Record<Keeper, AuthUser | undefined> = {
    GE: admin ? await auth.activeUser(admin.id) : undefined,
    platform: platform ? await auth.activeUser(platform.id) : undefined,
  };
  let created = 0;
  for (const { keeper, ...dto } of DEMO_INDICATORS) {
    const actor = keepers[keeper];
    if (!actor) continue;
    if ((await dataSource.query<unknown[]>('SELECT 1 FROM indicators WHERE code = $1', [dto.code])).length) continue;
    const view = await indicators.create(actor, dto);
    created++;
    if (dto.code === 'EU-1.1')
      await indicators.enter(actor, view.indicator.id, '2026-H1', {
        value: 83.3,
        n: 6,
        breakdown: [
          { key: 'female', value: 100, n: 3 },
          { key: 'male', value: 66.7, n: 3 },
        ],
        note: 'ბათუმის 2026 წლის გაზაფხულის ჯგუფის ქაღალდის საწყისი და დასკვნითი ტესტები, ტრენერების ჩანაწერებით.',
      });
  }
  return created;
}
