import type { LocaleMap } from '@probity/i18n';
import {
  FOLLOW_UP_LEARNER_CODE,
  FOLLOW_UP_SUPERVISOR_CODE,
  type FollowUpItemInput,
  type StandardFollowUpTemplate,
} from '@probity/evaluation';

/**
 * The standard follow-up questionnaires (Kirkpatrick levels 3/4) in six languages: one for the learner, one for the
 * supervisor they name. Each asks how often the training was applied (never … always), in how many cases (a number
 * only), general examples (no case details, no names), and what gets in the way. Seeded on every database under
 * their codes, platform-wide; a cohort's waves use them unless another questionnaire is chosen.
 */
const frequency = (text: LocaleMap): FollowUpItemInput => ({ type: 'frequency', text, options: null, required: true });
const count = (text: LocaleMap): FollowUpItemInput => ({ type: 'count', text, options: null, required: true });
const open = (text: LocaleMap): FollowUpItemInput => ({ type: 'open_text', text, options: null, required: false });
const choice = (type: 'single_choice' | 'multi_choice', text: LocaleMap, options: LocaleMap[]): FollowUpItemInput => ({
  type,
  text,
  options: options.map((o) => ({ text: o })),
  required: true,
});

/** What gets in the way, for both questionnaires. */
const BARRIERS: LocaleMap[] = [
  {
    en: 'Nothing got in the way',
    ru: 'Ничто не мешало',
    ka: 'არაფერი უშლიდა ხელს',
    uk: 'Ніщо не заважало',
    ur: 'کوئی رکاوٹ نہیں تھی',
    sw: 'Hakuna kilichokwamisha',
  },
  {
    en: 'Not enough time, or too many cases at once',
    ru: 'Не хватает времени или слишком много дел одновременно',
    ka: 'დრო არ ჰყოფნის ან ერთდროულად ძალიან ბევრი საქმეა',
    uk: 'Бракує часу або забагато справ одночасно',
    ur: 'وقت کی کمی، یا ایک ساتھ بہت زیادہ مقدمات',
    sw: 'Muda hautoshi, au kesi nyingi mno kwa wakati mmoja',
  },
  {
    en: 'Missing equipment, forms or other resources',
    ru: 'Не хватает оборудования, бланков или других ресурсов',
    ka: 'აკლია აღჭურვილობა, ფორმები ან სხვა რესურსები',
    uk: 'Бракує обладнання, бланків або інших ресурсів',
    ur: 'آلات، فارم یا دیگر وسائل کی کمی',
    sw: 'Ukosefu wa vifaa, fomu au rasilimali nyingine',
  },
  {
    en: 'Superiors or colleagues do not support the new way of working',
    ru: 'Начальство или коллеги не поддерживают новый подход к работе',
    ka: 'ხელმძღვანელობა ან კოლეგები მუშაობის ახალ მიდგომას მხარს არ უჭერენ',
    uk: 'Керівництво або колеги не підтримують новий підхід до роботи',
    ur: 'افسران یا ساتھی کام کے نئے طریقے کی حمایت نہیں کرتے',
    sw: 'Wakubwa au wenzangu hawaungi mkono utaratibu mpya wa kazi',
  },
  {
    en: 'Laws, instructions or procedures require something else',
    ru: 'Законы, инструкции или порядок работы требуют иного',
    ka: 'კანონები, ინსტრუქციები ან პროცედურები სხვას მოითხოვს',
    uk: 'Закони, інструкції або порядок роботи вимагають іншого',
    ur: 'قوانین، ہدایات یا طریقۂ کار کچھ اور تقاضا کرتے ہیں',
    sw: 'Sheria, maelekezo au taratibu zinataka jambo jingine',
  },
  {
    en: 'Too few cases where it applies',
    ru: 'Слишком мало дел, к которым это применимо',
    ka: 'ძალიან ცოტა საქმეა, რომელშიც ეს გამოიყენება',
    uk: 'Замало справ, до яких це можна застосувати',
    ur: 'ایسے مقدمات بہت کم ہیں جن پر یہ لاگو ہو',
    sw: 'Kesi zinazohusika ni chache mno',
  },
  {
    en: 'Another reason (describe it below, without case details)',
    ru: 'Другая причина (опишите ниже, без подробностей дел)',
    ka: 'სხვა მიზეზი (აღწერეთ ქვემოთ, საქმის დეტალების გარეშე)',
    uk: 'Інша причина (опишіть нижче, без подробиць справ)',
    ur: 'کوئی اور وجہ (نیچے بیان کریں، مقدمات کی تفصیل کے بغیر)',
    sw: 'Sababu nyingine (ieleze hapa chini, bila maelezo ya kesi)',
  },
];

export const NAPOR_FOLLOW_UP_LEARNER: StandardFollowUpTemplate = {
  code: FOLLOW_UP_LEARNER_CODE,
  kind: 'follow_up_learner',
  title: {
    en: 'Follow-up: applying what you learned in the course',
    ru: 'Опрос после курса: как вы применяете полученные знания',
    ka: 'გამოკითხვა კურსის შემდეგ: როგორ იყენებთ მიღებულ ცოდნას',
    uk: 'Опитування після курсу: як ви застосовуєте здобуті знання',
    ur: 'کورس کے بعد کا جائزہ: سیکھی ہوئی باتوں کا استعمال',
    sw: 'Ufuatiliaji: kutumia ulichojifunza katika kozi',
  },
  intro: {
    en: 'Some months have passed since you completed the course. These questions ask how you use what you learned in your daily work. Give numbers and general examples only: never case details, names of people or case numbers. It takes about five minutes.',
    ru: 'С момента завершения курса прошло несколько месяцев. Эти вопросы о том, как вы используете полученные знания в повседневной работе. Указывайте только числа и общие примеры: никаких подробностей дел, имён людей или номеров дел. Это займёт около пяти минут.',
    ka: 'კურსის დასრულებიდან რამდენიმე თვე გავიდა. ეს კითხვები ეხება იმას, როგორ იყენებთ მიღებულ ცოდნას ყოველდღიურ მუშაობაში. მიუთითეთ მხოლოდ რიცხვები და ზოგადი მაგალითები: არავითარი საქმის დეტალები, ადამიანების სახელები ან საქმის ნომრები. ამას დაახლოებით ხუთი წუთი დასჭირდება.',
    uk: 'Відтоді як ви завершили курс, минуло кілька місяців. Ці запитання про те, як ви використовуєте здобуті знання в щоденній роботі. Зазначайте лише числа та загальні приклади: жодних подробиць справ, імен людей чи номерів справ. Це займе близько п’яти хвилин.',
    ur: 'کورس مکمل کیے چند ماہ گزر چکے ہیں۔ یہ سوالات اس بارے میں ہیں کہ آپ روزمرہ کام میں سیکھی ہوئی باتیں کیسے استعمال کرتے ہیں۔ صرف اعداد اور عمومی مثالیں دیں: مقدمات کی تفصیل، لوگوں کے نام یا مقدمہ نمبر ہرگز نہیں۔ اس میں تقریباً پانچ منٹ لگیں گے۔',
    sw: 'Miezi kadhaa imepita tangu ulipomaliza kozi. Maswali haya yanahusu jinsi unavyotumia ulichojifunza katika kazi yako ya kila siku. Toa idadi na mifano ya jumla tu: kamwe si maelezo ya kesi, majina ya watu wala namba za kesi. Itachukua takriban dakika tano.',
  },
  items: [
    frequency({
      en: 'Since the course, how often have you applied what you learned in your work?',
      ru: 'Как часто после курса вы применяли полученные знания в своей работе?',
      ka: 'კურსის შემდეგ რამდენად ხშირად იყენებდით მიღებულ ცოდნას სამსახურში?',
      uk: 'Як часто після курсу ви застосовували здобуті знання у своїй роботі?',
      ur: 'کورس کے بعد سے آپ نے اپنے کام میں سیکھی ہوئی باتیں کتنی بار استعمال کیں؟',
      sw: 'Tangu kozi, ni mara ngapi umetumia ulichojifunza katika kazi yako?',
    }),
    count({
      en: 'In how many cases have you applied it since the course? Give a number only (0 if none).',
      ru: 'В скольких делах вы применили это после курса? Укажите только число (0, если ни в одном).',
      ka: 'რამდენ საქმეში გამოიყენეთ ეს კურსის შემდეგ? მიუთითეთ მხოლოდ რიცხვი (0, თუ არცერთში).',
      uk: 'У скількох справах ви застосували це після курсу? Зазначте лише число (0, якщо в жодній).',
      ur: 'کورس کے بعد سے آپ نے یہ کتنے مقدمات میں استعمال کیا؟ صرف عدد لکھیں (کسی میں نہیں تو 0)۔',
      sw: 'Tangu kozi, umetumia hili katika kesi ngapi? Andika idadi tu (0 kama hakuna).',
    }),
    open({
      en: 'Give one or two general examples of how you applied it. Do not write case details: no names, case numbers, places or dates.',
      ru: 'Приведите один-два общих примера того, как вы это применили. Не пишите подробностей дел: никаких имён, номеров дел, мест и дат.',
      ka: 'მოიყვანეთ ერთი-ორი ზოგადი მაგალითი, როგორ გამოიყენეთ ეს. არ დაწეროთ საქმის დეტალები: არც სახელები, საქმის ნომრები, ადგილები ან თარიღები.',
      uk: 'Наведіть один-два загальні приклади того, як ви це застосували. Не пишіть подробиць справ: жодних імен, номерів справ, місць і дат.',
      ur: 'ایک دو عمومی مثالیں دیں کہ آپ نے اسے کیسے استعمال کیا۔ مقدمات کی تفصیل نہ لکھیں: نہ نام، نہ مقدمہ نمبر، نہ مقامات اور تاریخیں۔',
      sw: 'Toa mfano mmoja au miwili ya jumla wa jinsi ulivyotumia. Usiandike maelezo ya kesi: hakuna majina, namba za kesi, mahali wala tarehe.',
    }),
    choice(
      'multi_choice',
      {
        en: 'What, if anything, made it harder to apply what you learned? Tick all that apply.',
        ru: 'Что, если что-то, мешало применять полученные знания? Отметьте всё, что подходит.',
        ka: 'რა, თუკი რამე, გიშლიდათ ხელს მიღებული ცოდნის გამოყენებაში? მონიშნეთ ყველა შესაბამისი.',
        uk: 'Що, якщо щось, заважало застосовувати здобуті знання? Позначте все, що підходить.',
        ur: 'سیکھی ہوئی باتیں استعمال کرنے میں کس چیز نے مشکل پیدا کی، اگر کوئی ہو؟ جو بھی لاگو ہو، منتخب کریں۔',
        sw: 'Ni nini, kama kipo, kilichofanya iwe vigumu kutumia ulichojifunza? Chagua yote yanayohusika.',
      },
      BARRIERS,
    ),
    open({
      en: 'What would help you apply it more? Anything else you want to tell the trainers?',
      ru: 'Что помогло бы вам применять это чаще? Что ещё вы хотели бы сказать преподавателям?',
      ka: 'რა დაგეხმარებოდათ, რომ ეს უფრო ხშირად გამოგეყენებინათ? კიდევ რისი თქმა გსურთ ტრენერებისთვის?',
      uk: 'Що допомогло б вам застосовувати це частіше? Що ще ви хотіли б сказати викладачам?',
      ur: 'اسے زیادہ استعمال کرنے میں آپ کی کیا چیز مدد کرے گی؟ تربیت کاروں کو کچھ اور بتانا چاہیں گے؟',
      sw: 'Nini kingekusaidia kulitumia zaidi? Kuna jambo jingine ungependa kuwaambia wakufunzi?',
    }),
  ],
};

export const NAPOR_FOLLOW_UP_SUPERVISOR: StandardFollowUpTemplate = {
  code: FOLLOW_UP_SUPERVISOR_CODE,
  kind: 'follow_up_supervisor',
  title: {
    en: 'Follow-up: how your staff member applies the training',
    ru: 'Опрос после курса: как ваш сотрудник применяет полученные знания',
    ka: 'გამოკითხვა კურსის შემდეგ: როგორ იყენებს თქვენი თანამშრომელი სწავლებაზე მიღებულ ცოდნას',
    uk: 'Опитування після курсу: як ваш працівник застосовує здобуті знання',
    ur: 'کورس کے بعد کا جائزہ: آپ کا اہلکار تربیت کو کیسے استعمال کرتا ہے',
    sw: 'Ufuatiliaji: jinsi mtumishi wako anavyotumia mafunzo',
  },
  intro: {
    en: 'Your staff member named you as their supervisor. These questions ask what you have seen of their work since the training. Give numbers and general examples only: never case details, names of people or case numbers. It takes about five minutes.',
    ru: 'Ваш сотрудник назвал вас своим руководителем. Эти вопросы о том, что вы заметили в его работе после обучения. Указывайте только числа и общие примеры: никаких подробностей дел, имён людей или номеров дел. Это займёт около пяти минут.',
    ka: 'თქვენმა თანამშრომელმა თქვენ დაგასახელათ თავის ხელმძღვანელად. ეს კითხვები ეხება იმას, რა შეამჩნიეთ მის მუშაობაში სწავლების შემდეგ. მიუთითეთ მხოლოდ რიცხვები და ზოგადი მაგალითები: არავითარი საქმის დეტალები, ადამიანების სახელები ან საქმის ნომრები. ამას დაახლოებით ხუთი წუთი დასჭირდება.',
    uk: 'Ваш працівник назвав вас своїм керівником. Ці запитання про те, що ви помітили в його роботі після навчання. Зазначайте лише числа та загальні приклади: жодних подробиць справ, імен людей чи номерів справ. Це займе близько п’яти хвилин.',
    ur: 'آپ کے اہلکار نے آپ کو اپنا نگران نامزد کیا ہے۔ یہ سوالات اس بارے میں ہیں کہ تربیت کے بعد آپ نے ان کے کام میں کیا دیکھا۔ صرف اعداد اور عمومی مثالیں دیں: مقدمات کی تفصیل، لوگوں کے نام یا مقدمہ نمبر ہرگز نہیں۔ اس میں تقریباً پانچ منٹ لگیں گے۔',
    sw: 'Mtumishi wako amekutaja kuwa msimamizi wake. Maswali haya yanahusu uliyoyaona katika kazi yake tangu mafunzo. Toa idadi na mifano ya jumla tu: kamwe si maelezo ya kesi, majina ya watu wala namba za kesi. Itachukua takriban dakika tano.',
  },
  items: [
    frequency({
      en: 'Since the training, how often have you seen them apply what they learned?',
      ru: 'Как часто после обучения вы видели, что сотрудник применяет полученные знания?',
      ka: 'სწავლების შემდეგ რამდენად ხშირად გინახავთ, რომ თანამშრომელი იყენებს მიღებულ ცოდნას?',
      uk: 'Як часто після навчання ви бачили, що працівник застосовує здобуті знання?',
      ur: 'تربیت کے بعد سے آپ نے انہیں سیکھی ہوئی باتیں کتنی بار استعمال کرتے دیکھا؟',
      sw: 'Tangu mafunzo, ni mara ngapi umemwona akitumia alichojifunza?',
    }),
    count({
      en: 'In how many cases that you know of did they apply it? Give a number only (0 if none).',
      ru: 'В скольких известных вам делах сотрудник это применил? Укажите только число (0, если ни в одном).',
      ka: 'თქვენთვის ცნობილ რამდენ საქმეში გამოიყენა ეს თანამშრომელმა? მიუთითეთ მხოლოდ რიცხვი (0, თუ არცერთში).',
      uk: 'У скількох відомих вам справах працівник це застосував? Зазначте лише число (0, якщо в жодній).',
      ur: 'آپ کے علم میں کتنے مقدمات ہیں جن میں انہوں نے یہ استعمال کیا؟ صرف عدد لکھیں (کسی میں نہیں تو 0)۔',
      sw: 'Katika kesi ngapi unazozijua amelitumia hili? Andika idadi tu (0 kama hakuna).',
    }),
    open({
      en: 'Give one or two general examples of what changed in their work. Do not write case details: no names, case numbers, places or dates.',
      ru: 'Приведите один-два общих примера того, что изменилось в работе сотрудника. Не пишите подробностей дел: никаких имён, номеров дел, мест и дат.',
      ka: 'მოიყვანეთ ერთი-ორი ზოგადი მაგალითი, რა შეიცვალა თანამშრომლის მუშაობაში. არ დაწეროთ საქმის დეტალები: არც სახელები, საქმის ნომრები, ადგილები ან თარიღები.',
      uk: 'Наведіть один-два загальні приклади того, що змінилося в роботі працівника. Не пишіть подробиць справ: жодних імен, номерів справ, місць і дат.',
      ur: 'ایک دو عمومی مثالیں دیں کہ ان کے کام میں کیا بدلا۔ مقدمات کی تفصیل نہ لکھیں: نہ نام، نہ مقدمہ نمبر، نہ مقامات اور تاریخیں۔',
      sw: 'Toa mfano mmoja au miwili ya jumla wa kilichobadilika katika kazi yake. Usiandike maelezo ya kesi: hakuna majina, namba za kesi, mahali wala tarehe.',
    }),
    choice(
      'single_choice',
      {
        en: 'How much has the quality of their work on cases improved since the training?',
        ru: 'Насколько улучшилось качество работы сотрудника по делам после обучения?',
        ka: 'რამდენად გაუმჯობესდა თანამშრომლის მიერ საქმეებზე მუშაობის ხარისხი სწავლების შემდეგ?',
        uk: 'Наскільки покращилася якість роботи працівника над справами після навчання?',
        ur: 'تربیت کے بعد مقدمات پر ان کے کام کا معیار کتنا بہتر ہوا ہے؟',
        sw: 'Ubora wa kazi yake kwenye kesi umeboreka kwa kiasi gani tangu mafunzo?',
      },
      [
        {
          en: 'Not at all',
          ru: 'Совсем не улучшилось',
          ka: 'საერთოდ არ გაუმჯობესებულა',
          uk: 'Зовсім не покращилася',
          ur: 'بالکل نہیں',
          sw: 'Haujaboreka kabisa',
        },
        { en: 'A little', ru: 'Немного', ka: 'ცოტათი', uk: 'Трохи', ur: 'تھوڑا سا', sw: 'Kidogo' },
        { en: 'Clearly', ru: 'Заметно', ka: 'შესამჩნევად', uk: 'Помітно', ur: 'واضح طور پر', sw: 'Kwa kiasi kinachoonekana' },
        { en: 'Greatly', ru: 'Значительно', ka: 'მნიშვნელოვნად', uk: 'Значно', ur: 'بہت زیادہ', sw: 'Kwa kiasi kikubwa' },
        {
          en: 'I cannot judge',
          ru: 'Не могу судить',
          ka: 'ვერ ვიმსჯელებ',
          uk: 'Не можу судити',
          ur: 'میں اندازہ نہیں لگا سکتا',
          sw: 'Siwezi kutathmini',
        },
      ],
    ),
    choice(
      'multi_choice',
      {
        en: 'What, if anything, makes it harder for them to apply what they learned? Tick all that apply.',
        ru: 'Что, если что-то, мешает сотруднику применять полученные знания? Отметьте всё, что подходит.',
        ka: 'რა, თუკი რამე, უშლის ხელს თანამშრომელს მიღებული ცოდნის გამოყენებაში? მონიშნეთ ყველა შესაბამისი.',
        uk: 'Що, якщо щось, заважає працівникові застосовувати здобуті знання? Позначте все, що підходить.',
        ur: 'سیکھی ہوئی باتیں استعمال کرنے میں انہیں کس چیز سے مشکل پیش آتی ہے، اگر کوئی ہو؟ جو بھی لاگو ہو، منتخب کریں۔',
        sw: 'Ni nini, kama kipo, kinachomfanya iwe vigumu kutumia alichojifunza? Chagua yote yanayohusika.',
      },
      BARRIERS,
    ),
    open({
      en: 'What would help them apply it more? Any other comment for the trainers?',
      ru: 'Что помогло бы сотруднику применять это чаще? Есть ли у вас другие замечания для преподавателей?',
      ka: 'რა დაეხმარებოდა თანამშრომელს, რომ ეს უფრო ხშირად გამოეყენებინა? გაქვთ სხვა შენიშვნა ტრენერებისთვის?',
      uk: 'Що допомогло б працівникові застосовувати це частіше? Чи є у вас інші зауваження для викладачів?',
      ur: 'انہیں اسے زیادہ استعمال کرنے میں کیا چیز مدد دے گی؟ تربیت کاروں کے لیے کوئی اور رائے؟',
      sw: 'Nini kingemsaidia kulitumia zaidi? Una maoni mengine kwa wakufunzi?',
    }),
  ],
};
