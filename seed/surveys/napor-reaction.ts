import type { LocaleMap } from '@probity/i18n';
import type { StandardTemplate, SurveyItemInput, SurveyScale } from '@probity/evaluation';

/**
 * The standard end-of-course reaction survey (Kirkpatrick level 1) of the NAPOR course, in its six languages:
 * twelve statements in four scales (relevance, trainers, materials, organisation), two single-choice questions
 * and two open ones. Seeded on every database under its code, platform-wide, so any academy can attach it.
 */
export const NAPOR_REACTION_CODE = 'napor-end-of-course';

const likert = (scale: SurveyScale, text: LocaleMap): SurveyItemInput => ({ type: 'likert', scale, text, options: null, required: true });
const choice = (text: LocaleMap, options: LocaleMap[]): SurveyItemInput => ({
  type: 'single_choice',
  scale: null,
  text,
  options: options.map((o) => ({ text: o })),
  required: true,
});
const open = (text: LocaleMap): SurveyItemInput => ({ type: 'open_text', scale: null, text, options: null, required: false });

export const NAPOR_REACTION: StandardTemplate = {
  code: NAPOR_REACTION_CODE,
  title: {
    en: 'End-of-course feedback: case integrity and human-rights-compliant investigation',
    ru: 'Отзыв о курсе: целостность материалов дела и расследование с соблюдением прав человека',
    ka: 'კურსის შეფასება: საქმის მასალების მთლიანობა და ადამიანის უფლებების დაცვით წარმოებული გამოძიება',
    uk: 'Відгук про курс: цілісність матеріалів справи та розслідування з дотриманням прав людини',
    ur: 'کورس کے بارے میں آپ کی رائے: مقدمے کے ریکارڈ کی سالمیت اور انسانی حقوق کے مطابق تفتیش',
    sw: 'Maoni kuhusu kozi: uadilifu wa jalada la kesi na upelelezi unaozingatia haki za binadamu',
  },
  intro: {
    en: 'Thank you for taking part in the course. This questionnaire takes about five minutes. Tell us honestly what worked and what did not: the trainers read every answer and use them to plan the next group. For each statement, choose how far you agree with it.',
    ru: 'Спасибо за участие в курсе. Анкета займёт около пяти минут. Расскажите честно, что получилось, а что нет: преподаватели читают каждый ответ и учитывают их, готовя занятия для следующей группы. Для каждого утверждения отметьте, насколько вы с ним согласны.',
    ka: 'გმადლობთ კურსში მონაწილეობისთვის. კითხვარის შევსებას დაახლოებით ხუთი წუთი დასჭირდება. გულწრფელად გვითხარით, რა გამოვიდა და რა — ვერა: ტრენერები ყველა პასუხს კითხულობენ და შემდეგი ჯგუფის მომზადებისას ითვალისწინებენ. თითოეულ დებულებასთან მონიშნეთ, რამდენად ეთანხმებით მას.',
    uk: 'Дякуємо за участь у курсі. Анкета забере близько п’яти хвилин. Розкажіть чесно, що вдалося, а що ні: викладачі читають кожну відповідь і враховують їх, готуючи заняття для наступної групи. Для кожного твердження позначте, наскільки ви з ним погоджуєтеся.',
    ur: 'کورس میں شرکت کا شکریہ۔ یہ سوالنامہ تقریباً پانچ منٹ لے گا۔ ہمیں دیانت داری سے بتائیں کہ کیا اچھا رہا اور کیا نہیں: تربیت کار ہر جواب پڑھتے ہیں اور اگلے گروپ کی تیاری میں انہیں مدِنظر رکھتے ہیں۔ ہر بیان کے بارے میں بتائیں کہ آپ اس سے کس حد تک متفق ہیں۔',
    sw: 'Asante kwa kushiriki katika kozi hii. Dodoso hili litachukua takriban dakika tano. Tuambie kwa uwazi kilichofanikiwa na kisichofanikiwa: wakufunzi husoma kila jibu na huyatumia kuandaa kundi linalofuata. Kwa kila kauli, chagua kiwango unachokubaliana nayo.',
  },
  items: [
    // Relevance to the work
    likert('relevance', {
      en: 'What I learned applies directly to the cases I work on.',
      ru: 'Полученные знания напрямую применимы к делам, которые я веду.',
      ka: 'კურსზე მიღებული ცოდნა პირდაპირ გამოიყენება იმ საქმეებში, რომლებზეც ვმუშაობ.',
      uk: 'Отримані знання безпосередньо стосуються справ, які я веду.',
      ur: 'کورس میں سیکھی گئی باتیں براہِ راست اُن مقدمات پر لاگو ہوتی ہیں جو میرے پاس ہیں۔',
      sw: 'Nilichojifunza kinatumika moja kwa moja katika kesi ninazoshughulikia.',
    }),
    likert('relevance', {
      en: 'The course dealt with situations that investigators and prosecutors in my country actually face.',
      ru: 'Курс был посвящён ситуациям, с которыми действительно сталкиваются следователи и прокуроры в моей стране.',
      ka: 'კურსი ეხებოდა იმ სიტუაციებს, რომლებსაც ჩემს ქვეყანაში გამომძიებლები და პროკურორები რეალურად აწყდებიან.',
      uk: 'Курс розглядав ситуації, з якими справді стикаються слідчі та прокурори в моїй країні.',
      ur: 'کورس میں اُن حالات پر بات ہوئی جن کا میرے ملک میں تفتیش کاروں اور پراسیکیوٹرز کو واقعی سامنا ہوتا ہے۔',
      sw: 'Kozi ilizungumzia hali ambazo wapelelezi na waendesha mashtaka katika nchi yangu hukutana nazo kwa kweli.',
    }),
    likert('relevance', {
      en: 'After this course I know what I will do differently in my next case.',
      ru: 'После курса я знаю, что буду делать иначе в следующем деле.',
      ka: 'კურსის შემდეგ ვიცი, რას გავაკეთებ სხვაგვარად მომდევნო საქმეში.',
      uk: 'Після курсу я знаю, що робитиму інакше в наступній справі.',
      ur: 'اس کورس کے بعد مجھے معلوم ہے کہ اگلے مقدمے میں کیا مختلف طریقے سے کرنا ہے۔',
      sw: 'Baada ya kozi hii, najua nitakachofanya tofauti katika kesi yangu inayofuata.',
    }),
    // The trainers
    likert('trainers', {
      en: 'The trainers knew the subject well and could answer practical questions.',
      ru: 'Преподаватели хорошо знали предмет и могли ответить на практические вопросы.',
      ka: 'ტრენერებმა საგანი კარგად იცოდნენ და პრაქტიკულ კითხვებს პასუხობდნენ.',
      uk: 'Викладачі добре знали предмет і могли відповісти на практичні запитання.',
      ur: 'تربیت کار موضوع پر عبور رکھتے تھے اور عملی سوالوں کے جواب دے سکتے تھے۔',
      sw: 'Wakufunzi walilifahamu somo vizuri na waliweza kujibu maswali ya kiutendaji.',
    }),
    likert('trainers', {
      en: 'The trainers encouraged discussion and took our experience seriously.',
      ru: 'Преподаватели поощряли обсуждение и всерьёз относились к нашему опыту.',
      ka: 'ტრენერები მსჯელობას ხელს უწყობდნენ და ჩვენს გამოცდილებას სერიოზულად ეკიდებოდნენ.',
      uk: 'Викладачі заохочували до обговорення й серйозно ставилися до нашого досвіду.',
      ur: 'تربیت کاروں نے بحث کی حوصلہ افزائی کی اور ہمارے تجربے کو سنجیدگی سے لیا۔',
      sw: 'Wakufunzi walihimiza majadiliano na waliuchukulia uzoefu wetu kwa uzito.',
    }),
    likert('trainers', {
      en: 'Difficult topics, such as the exclusion of evidence and entrapment, were explained clearly.',
      ru: 'Сложные темы, например недопустимость доказательств и провокация, были объяснены понятно.',
      ka: 'რთული თემები, მაგალითად, მტკიცებულების დაუშვებლობა და პროვოკაცია, გასაგებად იყო ახსნილი.',
      uk: 'Складні теми, як-от недопустимість доказів і провокація, були пояснені зрозуміло.',
      ur: 'مشکل موضوعات، مثلاً شہادت کا ناقابلِ قبول قرار پانا اور اُکسا کر جرم کروانا، واضح طور پر سمجھائے گئے۔',
      sw: 'Mada ngumu, kama vile kukataliwa kwa ushahidi na mtego wa kushawishi mtu kutenda kosa, zilielezwa kwa uwazi.',
    }),
    // Materials
    likert('materials', {
      en: 'Following the Operation Red Bridge case made the legal rules easier to understand.',
      ru: 'Дело «Красный мост», которое мы разбирали по ходу курса, помогло лучше понять правовые нормы.',
      ka: 'საქმემ „წითელი ხიდი“, რომელსაც კურსის განმავლობაში მივყვებოდით, სამართლებრივი ნორმების გაგება გამიადვილა.',
      uk: 'Справа «Червоний міст», яку ми розбирали впродовж курсу, допомогла краще зрозуміти правові норми.',
      ur: 'آپریشن سرخ پل کا مقدمہ، جو پورے کورس میں ساتھ چلتا رہا، قانونی اصولوں کو سمجھنے میں مددگار ثابت ہوا۔',
      sw: 'Kufuatilia kesi ya Operesheni Daraja Jekundu kulifanya kanuni za kisheria ziwe rahisi kuelewa.',
    }),
    likert('materials', {
      en: 'The lessons, forms and checklists are clear and well organised.',
      ru: 'Уроки, формы и контрольные списки понятны и хорошо выстроены.',
      ka: 'გაკვეთილები, ფორმები და საკონტროლო სიები გასაგები და კარგად დალაგებულია.',
      uk: 'Уроки, форми й контрольні переліки зрозумілі та добре впорядковані.',
      ur: 'اسباق، فارم اور چیک لسٹیں واضح ہیں اور اچھی طرح ترتیب دی گئی ہیں۔',
      sw: 'Masomo, fomu na orodha hakiki ni wazi na zimepangwa vizuri.',
    }),
    likert('materials', {
      en: 'I will go back to the course materials in my work.',
      ru: 'Я буду возвращаться к материалам курса в своей работе.',
      ka: 'სამუშაოში კურსის მასალებს კვლავ დავუბრუნდები.',
      uk: 'Я повертатимуся до матеріалів курсу у своїй роботі.',
      ur: 'کورس کا مواد آگے بھی میرے کام میں کام آئے گا۔',
      sw: 'Nitarudi kwenye nyenzo za kozi katika kazi yangu.',
    }),
    // Organisation
    likert('organisation', {
      en: 'The course had the right balance of lessons, exercises and discussion.',
      ru: 'В курсе было правильное соотношение уроков, упражнений и обсуждений.',
      ka: 'კურსში გაკვეთილებს, სავარჯიშოებსა და დისკუსიას შორის სწორი ბალანსი იყო.',
      uk: 'У курсі було правильне співвідношення уроків, вправ і обговорень.',
      ur: 'کورس میں اسباق، مشقوں اور بحث کے درمیان مناسب توازن تھا۔',
      sw: 'Kozi ilikuwa na uwiano mzuri kati ya masomo, mazoezi na majadiliano.',
    }),
    likert('organisation', {
      en: 'The schedule left enough time for each module.',
      ru: 'Расписание оставляло достаточно времени на каждый модуль.',
      ka: 'განრიგი თითოეული მოდულისთვის საკმარის დროს ითვალისწინებდა.',
      uk: 'Розклад залишав достатньо часу на кожен модуль.',
      ur: 'نظام الاوقات میں ہر ماڈیول کے لیے کافی وقت رکھا گیا تھا۔',
      sw: 'Ratiba iliacha muda wa kutosha kwa kila moduli.',
    }),
    likert('organisation', {
      en: 'The practical arrangements (venue, equipment, access to Probity) worked without problems.',
      ru: 'Организационная сторона (помещение, оборудование, доступ к Probity) работала без сбоев.',
      ka: 'ორგანიზაციული მხარე (შენობა, აღჭურვილობა, Probity-ზე წვდომა) შეფერხების გარეშე მუშაობდა.',
      uk: 'Організаційний бік (приміщення, обладнання, доступ до Probity) працював без збоїв.',
      ur: 'عملی انتظامات (جگہ، آلات اور Probity تک رسائی) بغیر کسی رکاوٹ کے چلتے رہے۔',
      sw: 'Mipango ya kiutendaji (ukumbi, vifaa na upatikanaji wa Probity) ilifanya kazi bila matatizo.',
    }),
    choice(
      {
        en: 'How did you find the pace of the course?',
        ru: 'Каким был для вас темп курса?',
        ka: 'როგორი იყო თქვენთვის კურსის ტემპი?',
        uk: 'Яким для вас був темп курсу?',
        ur: 'آپ کو کورس کی رفتار کیسی لگی؟',
        sw: 'Uliionaje kasi ya kozi?',
      },
      [
        { en: 'Too slow', ru: 'Слишком медленным', ka: 'ზედმეტად ნელი', uk: 'Занадто повільним', ur: 'بہت سست', sw: 'Polepole mno' },
        { en: 'About right', ru: 'В самый раз', ka: 'ზუსტად შესაფერისი', uk: 'Саме таким, як треба', ur: 'بالکل مناسب', sw: 'Sawa kabisa' },
        { en: 'Too fast', ru: 'Слишком быстрым', ka: 'ზედმეტად სწრაფი', uk: 'Занадто швидким', ur: 'بہت تیز', sw: 'Haraka mno' },
      ],
    ),
    choice(
      {
        en: 'Would you recommend this course to a colleague?',
        ru: 'Порекомендуете ли вы этот курс коллеге?',
        ka: 'ურჩევდით ამ კურსს კოლეგას?',
        uk: 'Чи порадили б ви цей курс колезі?',
        ur: 'کیا آپ یہ کورس کسی ساتھی کو تجویز کریں گے؟',
        sw: 'Je, ungempendekezea mwenzako kozi hii?',
      },
      [
        {
          en: 'Yes, certainly',
          ru: 'Да, обязательно',
          ka: 'დიახ, აუცილებლად',
          uk: 'Так, неодмінно',
          ur: 'ہاں، ضرور',
          sw: 'Ndiyo, bila shaka',
        },
        { en: 'Probably', ru: 'Скорее да', ka: 'ალბათ, კი', uk: 'Радше так', ur: 'غالباً ہاں', sw: 'Huenda ndiyo' },
        { en: 'Probably not', ru: 'Скорее нет', ka: 'ალბათ, არა', uk: 'Радше ні', ur: 'غالباً نہیں', sw: 'Huenda hapana' },
        { en: 'No', ru: 'Нет', ka: 'არა', uk: 'Ні', ur: 'نہیں', sw: 'Hapana' },
      ],
    ),
    open({
      en: 'What was the most useful part of the course for your work?',
      ru: 'Что в курсе было самым полезным для вашей работы?',
      ka: 'კურსის რომელი ნაწილი იყო ყველაზე სასარგებლო თქვენი სამუშაოსთვის?',
      uk: 'Що в курсі було найкориснішим для вашої роботи?',
      ur: 'آپ کے کام کے لیے کورس کا سب سے مفید حصہ کون سا تھا؟',
      sw: 'Ni sehemu gani ya kozi iliyokuwa na manufaa zaidi kwa kazi yako?',
    }),
    open({
      en: 'What should we change or improve for the next group?',
      ru: 'Что нам стоит изменить или улучшить для следующей группы?',
      ka: 'რა უნდა შევცვალოთ ან გავაუმჯობესოთ შემდეგი ჯგუფისთვის?',
      uk: 'Що нам варто змінити або покращити для наступної групи?',
      ur: 'اگلے گروپ کے لیے ہمیں کیا بدلنا یا بہتر بنانا چاہیے؟',
      sw: 'Tubadilishe au tuboreshe nini kwa ajili ya kundi linalofuata?',
    }),
  ],
};
