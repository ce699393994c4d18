import type { CreateAssessmentDto, CreateItemDto } from '@probity/assessments';
import type { LocaleMap } from '@probity/i18n';

/**
 * The question bank of the NAPOR course and its two tests, in the course's six languages and with the terms of
 * seed/glossary/<locale>.json, on the lessons' own case (the lorry driver with 36 kg of heroin): a short pre-test of
 * six automatically scored questions, and a post-test of the same six, a second true/false question and a case essay
 * that a trainer grades by hand against its rubric. Written by the course's author before version 1 is published, so
 * that the version freezes them (`ItemsService.freeze`).
 */
export const NAPOR_ITEM_KEYS = [
  'arrest-grounds',
  'judge-promptly',
  'detainee-rights',
  'peace-account',
  'custody-chain',
  'seal-error',
  'pretrial-detention',
  'withdrawal-essay',
] as const;
export type NaporItemKey = (typeof NAPOR_ITEM_KEYS)[number];

type Option = { text: LocaleMap; correct: boolean; feedback: LocaleMap };
const right = (text: LocaleMap, feedback: LocaleMap): Option => ({ text, correct: true, feedback });
const wrong = (text: LocaleMap, feedback: LocaleMap): Option => ({ text, correct: false, feedback });

export const NAPOR_ITEMS: Record<NaporItemKey, CreateItemDto> = {
  // Module 2, lesson 1: lawful grounds for an arrest.
  'arrest-grounds': {
    type: 'single_choice',
    points: 2,
    tags: ['lawful-detention', 'human-rights'],
    stem: {
      en: 'A patrol stops a lorry at the border and finds 36 kg of heroin in a false floor. The driver says he knew nothing about it. On what ground may he lawfully be arrested?',
      ru: 'Патруль останавливает грузовик на границе и находит 36 кг героина в двойном полу. Водитель утверждает, что ничего о нём не знал. На каком основании его можно законно задержать?',
      ka: 'საზღვარზე საპატრულო ეკიპაჟი აჩერებს სატვირთო ავტომობილს და ორმაგ იატაკში 36 კგ ჰეროინს პოულობს. მძღოლი ამბობს, რომ ამის შესახებ არაფერი იცოდა. რა საფუძვლით შეიძლება მისი კანონიერად დაკავება?',
      uk: 'Патруль зупиняє вантажівку на кордоні й знаходить 36 кг героїну в подвійній підлозі. Водій стверджує, що нічого про нього не знав. На якій підставі його можна законно затримати?',
      ur: 'سرحد پر گشتی ٹیم ایک ٹرک روکتی ہے اور اس کے خفیہ فرش سے 36 کلو ہیروئن برآمد کرتی ہے۔ ڈرائیور کہتا ہے کہ اسے اس کا کوئی علم نہیں تھا۔ اسے کس بنیاد پر قانونی طور پر گرفتار کیا جا سکتا ہے؟',
      sw: 'Doria inasimamisha lori mpakani na kukuta kilo 36 za heroini chini ya sakafu bandia. Dereva anasema hakujua lolote kuhusu dawa hizo. Kwa msingi gani anaweza kukamatwa kihalali?',
    },
    options: [
      right(
        {
          en: 'Reasonable suspicion: specific facts that would satisfy an objective observer that he may have committed the offence',
          ru: 'Обоснованное подозрение: конкретные факты, которые убедили бы объективного наблюдателя, что он мог совершить преступление',
          ka: 'დასაბუთებული ვარაუდი: კონკრეტული ფაქტები, რომლებიც ობიექტურ დამკვირვებელს დაარწმუნებდა, რომ მას შესაძლოა ჩაედინა დანაშაული',
          uk: 'Обґрунтована підозра: конкретні факти, які переконали б об’єктивного спостерігача, що він міг учинити злочин',
          ur: 'معقول شبہ: ایسے مخصوص حقائق جو غیر جانب دار مشاہد کو مطمئن کر دیں کہ اس نے جرم کیا ہو سکتا ہے',
          sw: 'Shaka ya msingi: ukweli mahususi ambao ungemridhisha mtazamaji asiye na upendeleo kwamba huenda ametenda kosa',
        },
        {
          en: 'Right. ICCPR Article 9(1) and ECHR Article 5(1)(c) require reasonable suspicion. His denial does not remove it: it is a line of inquiry to test against the evidence.',
          ru: 'Верно. Статья 9(1) МПГПП и статья 5(1)(c) ЕКПЧ требуют обоснованного подозрения. Отрицание его не снимает: это версия, которую нужно проверить доказательствами.',
          ka: 'სწორია. პაქტის მე-9 მუხლის პირველი პუნქტი და ევროპული კონვენციის მე-5 მუხლის პირველი პუნქტის „c“ ქვეპუნქტი დასაბუთებულ ვარაუდს მოითხოვს. უარყოფა მას არ აქარწყლებს: ეს ვერსიაა, რომელიც მტკიცებულებებით უნდა შემოწმდეს.',
          uk: 'Правильно. Стаття 9(1) МПГПП і стаття 5(1)(c) ЄКПЛ вимагають обґрунтованої підозри. Заперечення її не знімає: це версія, яку треба перевірити доказами.',
          ur: 'درست۔ ICCPR کا آرٹیکل 9(1) اور ECHR کا آرٹیکل 5(1)(c) معقول شبہ کا تقاضا کرتے ہیں۔ انکار سے شبہ ختم نہیں ہوتا: یہ تفتیش کا ایک پہلو ہے جسے شہادت سے پرکھا جائے۔',
          sw: 'Sahihi. Ibara ya 9(1) ya ICCPR na Ibara ya 5(1)(c) ya ECHR zinahitaji shaka ya msingi. Kukana kwake hakuiondoi: ni hoja ya kuchunguzwa kwa ushahidi.',
        },
      ),
      wrong(
        {
          en: 'Proof of his guilt beyond reasonable doubt',
          ru: 'Доказанность его вины вне разумных сомнений',
          ka: 'მისი ბრალეულობის გონივრულ ეჭვს მიღმა დამტკიცება',
          uk: 'Доведеність його вини поза розумним сумнівом',
          ur: 'معقول شک سے بالاتر اس کے جرم کا ثبوت',
          sw: 'Uthibitisho wa hatia yake pasipo kuacha shaka yoyote',
        },
        {
          en: 'No: that is the standard for a conviction at trial. An arrest needs less than proof, but more than a hunch.',
          ru: 'Нет: это стандарт для обвинительного приговора. Для задержания нужно меньше, чем доказанность, но больше, чем догадка.',
          ka: 'არა: ეს გამამტყუნებელი განაჩენის სტანდარტია. დაკავებისთვის საჭიროა ნაკლები, ვიდრე დამტკიცება, მაგრამ მეტი, ვიდრე ინტუიცია.',
          uk: 'Ні: це стандарт для обвинувального вироку. Для затримання потрібно менше, ніж доведеність, але більше, ніж здогад.',
          ur: 'نہیں: یہ سماعت میں سزا کا معیار ہے۔ گرفتاری کے لیے ثبوت سے کم، مگر محض اندازے سے زیادہ درکار ہے۔',
          sw: 'Hapana: hicho ni kigezo cha kumtia mtu hatiani mahakamani. Ukamataji unahitaji kiwango cha chini kuliko uthibitisho, lakini zaidi ya hisia tu.',
        },
      ),
      wrong(
        {
          en: 'The experienced officer’s hunch, or the driver’s nationality and “profile”',
          ru: 'Чутьё опытного сотрудника либо гражданство и «профиль» водителя',
          ka: 'გამოცდილი თანამშრომლის ინტუიცია ან მძღოლის მოქალაქეობა და „პროფილი“',
          uk: 'Чуття досвідченого працівника або громадянство й «профіль» водія',
          ur: 'تجربہ کار افسر کا اندازہ، یا ڈرائیور کی قومیت اور "پروفائل"',
          sw: 'Hisia za afisa mzoefu, au uraia na "wasifu" wa dereva',
        },
        {
          en: 'No: a hunch, a profile or a nationality is not reasonable suspicion, and an arrest on it is arbitrary.',
          ru: 'Нет: догадка, «профиль» или гражданство — не обоснованное подозрение, и задержание на таком основании произвольно.',
          ka: 'არა: ინტუიცია, „პროფილი“ ან მოქალაქეობა დასაბუთებული ვარაუდი არ არის და მასზე დაფუძნებული დაკავება თვითნებურია.',
          uk: 'Ні: здогад, «профіль» чи громадянство — не обґрунтована підозра, і затримання на такій підставі свавільне.',
          ur: 'نہیں: اندازہ، پروفائل یا قومیت معقول شبہ نہیں، اور اس بنیاد پر گرفتاری من مانی ہے۔',
          sw: 'Hapana: hisia, wasifu au uraia si shaka ya msingi, na ukamataji kwa msingi huo ni wa kiholela.',
        },
      ),
      wrong(
        {
          en: 'His confession, obtained by questioning him at the roadside before the arrest is recorded',
          ru: 'Его признание, полученное при опросе на обочине до того, как задержание оформлено',
          ka: 'მისი აღიარება, რომელიც გზის პირას გამოკითხვით იქნა მიღებული, სანამ დაკავება გაფორმდებოდა',
          uk: 'Його зізнання, отримане під час розпитування на узбіччі до того, як затримання оформлено',
          ur: 'اس کا اقبالِ جرم، جو گرفتاری درج ہونے سے پہلے سڑک کنارے پوچھ گچھ سے حاصل کیا گیا',
          sw: 'Ungamo lake, lililopatikana kwa kumhoji kando ya barabara kabla ukamataji haujaandikwa',
        },
        {
          en: 'No: a “conversation” at the roadside is an interview without the safeguards of a lawful one, and what it produces may be excluded.',
          ru: 'Нет: «беседа» на обочине — это допрос без гарантий законного допроса, и полученное может быть признано недопустимым.',
          ka: 'არა: „საუბარი“ გზის პირას გამოკითხვაა კანონიერი გამოკითხვის გარანტიების გარეშე და მისი შედეგი შეიძლება დაუშვებლად იქნეს ცნობილი.',
          uk: 'Ні: «розмова» на узбіччі — це допит без гарантій законного допиту, і отримане може бути визнано недопустимим.',
          ur: 'نہیں: سڑک کنارے "گفتگو" دراصل قانونی تحفظات کے بغیر پوچھ گچھ ہے، اور اس سے حاصل شدہ بات کا اخراج ہو سکتا ہے۔',
          sw: 'Hapana: "mazungumzo" kando ya barabara ni mahojiano yasiyo na kinga za mahojiano halali, na kinachopatikana kinaweza kukataliwa kama ushahidi.',
        },
      ),
    ],
    explanation: {
      en: 'An arrest requires reasonable suspicion based on specific facts (ICCPR Art. 9(1), ECHR Art. 5(1)(c)): less than proof, more than a hunch, a profile or a nationality.',
      ru: 'Задержание требует обоснованного подозрения, основанного на конкретных фактах (ст. 9(1) МПГПП, ст. 5(1)(c) ЕКПЧ): меньше, чем доказанность, но больше, чем догадка, «профиль» или гражданство.',
      ka: 'დაკავება მოითხოვს კონკრეტულ ფაქტებზე დაფუძნებულ დასაბუთებულ ვარაუდს (პაქტის მე-9 მუხლის 1-ლი პუნქტი, ევროპული კონვენციის მე-5 მუხლის 1-ლი პუნქტის „c“ ქვეპუნქტი): ნაკლებს, ვიდრე დამტკიცება, მაგრამ მეტს, ვიდრე ინტუიცია, „პროფილი“ ან მოქალაქეობა.',
      uk: 'Затримання вимагає обґрунтованої підозри, що ґрунтується на конкретних фактах (ст. 9(1) МПГПП, ст. 5(1)(c) ЄКПЛ): менше, ніж доведеність, але більше, ніж здогад, «профіль» чи громадянство.',
      ur: 'گرفتاری کے لیے مخصوص حقائق پر مبنی معقول شبہ ضروری ہے (ICCPR آرٹیکل 9(1)، ECHR آرٹیکل 5(1)(c)): ثبوت سے کم، مگر اندازے، پروفائل یا قومیت سے زیادہ۔',
      sw: 'Ukamataji unahitaji shaka ya msingi inayotokana na ukweli mahususi (ICCPR Ibara ya 9(1), ECHR Ibara ya 5(1)(c)): chini ya uthibitisho, lakini zaidi ya hisia, wasifu au uraia.',
    },
  },

  // Module 2, lesson 3: prompt appearance before a judge.
  'judge-promptly': {
    type: 'true_false',
    points: 1,
    answer: false,
    tags: ['lawful-detention', 'human-rights'],
    stem: {
      en: 'True or false? A suspect arrested on Monday evening may be held in police custody until Friday morning before he is brought before a judge, as long as the custody record is complete.',
      ru: 'Верно или неверно? Подозреваемого, задержанного в понедельник вечером, можно содержать в полиции до утра пятницы, не доставляя к судье, если журнал учёта задержанных заполнен полностью.',
      ka: 'სწორია თუ არა? ორშაბათს საღამოს დაკავებული ეჭვმიტანილი შეიძლება პოლიციაში პარასკევის დილამდე იმყოფებოდეს მოსამართლესთან წარდგენის გარეშე, თუ დაკავებულთა აღრიცხვის ჟურნალი სრულად არის შევსებული.',
      uk: 'Правильно чи неправильно? Підозрюваного, затриманого в понеділок увечері, можна тримати в поліції до ранку п’ятниці, не доставляючи до судді, якщо журнал обліку затриманих осіб заповнено повністю.',
      ur: 'درست یا غلط؟ پیر کی شام گرفتار ہونے والے مشتبہ شخص کو جمعہ کی صبح تک جج کے سامنے پیش کیے بغیر پولیس حراست میں رکھا جا سکتا ہے، بشرطیکہ حراستی ریکارڈ مکمل ہو۔',
      sw: 'Kweli au si kweli? Mtuhumiwa aliyekamatwa Jumatatu jioni anaweza kuzuiliwa na polisi hadi Ijumaa asubuhi bila kufikishwa mbele ya jaji, ilimradi daftari la mahabusu limejazwa kikamilifu.',
    },
    explanation: {
      en: 'False. ICCPR Art. 9(3) and ECHR Art. 5(3) require that he be brought promptly before a judge. In Brogan and Others v. the United Kingdom (1988), four days and six hours was too long; 48 hours is a common outer limit, counted from the actual arrest. A complete record does not replace judicial oversight.',
      ru: 'Неверно. Статья 9(3) МПГПП и статья 5(3) ЕКПЧ требуют незамедлительно доставить его к судье. В деле «Броган и другие против Соединённого Королевства» (1988) четыре дня и шесть часов признаны слишком долгим сроком; 48 часов — распространённый предельный срок, исчисляемый с момента фактического задержания. Полный журнал не заменяет судебного контроля.',
      ka: 'არასწორია. პაქტის მე-9 მუხლის მე-3 პუნქტი და ევროპული კონვენციის მე-5 მუხლის მე-3 პუნქტი მოითხოვს, რომ იგი დაუყოვნებლივ წარედგინოს მოსამართლეს. საქმეზე „ბროგანი და სხვები გაერთიანებული სამეფოს წინააღმდეგ“ (1988) ოთხი დღე და ექვსი საათი ზედმეტად დიდ ვადად იქნა მიჩნეული; 48 საათი გავრცელებული ზღვრული ვადაა, რომელიც ფაქტობრივი დაკავების მომენტიდან აითვლება. სრულად შევსებული ჟურნალი სასამართლო კონტროლს ვერ ჩაანაცვლებს.',
      uk: 'Неправильно. Стаття 9(3) МПГПП і стаття 5(3) ЄКПЛ вимагають негайно доставити його до судді. У справі «Броган та інші проти Сполученого Королівства» (1988) чотири дні й шість годин визнано надто довгим строком; 48 годин — поширений граничний строк, що обчислюється з моменту фактичного затримання. Повний журнал не замінює судового контролю.',
      ur: 'غلط۔ ICCPR کا آرٹیکل 9(3) اور ECHR کا آرٹیکل 5(3) تقاضا کرتے ہیں کہ اسے فوراً جج کے سامنے پیش کیا جائے۔ بروگن اور دیگر بنام برطانیہ (1988) میں چار دن چھ گھنٹے بہت زیادہ قرار پائے؛ 48 گھنٹے عام آخری حد ہے، جو اصل گرفتاری سے شمار ہوتی ہے۔ مکمل ریکارڈ عدالتی نگرانی کا متبادل نہیں۔',
      sw: 'Si kweli. Ibara ya 9(3) ya ICCPR na Ibara ya 5(3) ya ECHR zinataka afikishwe mbele ya jaji bila kuchelewa. Katika kesi ya Brogan na Wengine dhidi ya Uingereza (1988), siku nne na saa sita zilionekana kuwa muda mrefu mno; saa 48 ni kikomo cha kawaida, kinachohesabiwa tangu ukamataji halisi. Daftari lililokamilika halichukui nafasi ya usimamizi wa mahakama.',
    },
  },

  // Module 2, lessons 1 and 2: what a detained foreign national must be told.
  'detainee-rights': {
    type: 'multiple_choice',
    points: 3,
    tags: ['legal-assistance', 'interpreters', 'custody-records'],
    stem: {
      en: 'A foreign national who speaks “some Russian” is brought into custody. What must he be told, in a language he understands, at arrest or promptly afterwards? Select every correct answer.',
      ru: 'В изолятор доставлен иностранный гражданин, который «немного говорит по-русски». О чём ему нужно сообщить на понятном ему языке при задержании или незамедлительно после него? Выберите все правильные ответы.',
      ka: 'დროებითი მოთავსების იზოლატორში მიიყვანეს უცხო ქვეყნის მოქალაქე, რომელიც „ცოტას ლაპარაკობს რუსულად“. რა უნდა ეცნობოს მას მისთვის გასაგებ ენაზე დაკავებისას ან დაუყოვნებლივ მის შემდეგ? მონიშნეთ ყველა სწორი პასუხი.',
      uk: 'До ізолятора доставлено іноземця, який «трохи говорить російською». Про що йому треба повідомити зрозумілою йому мовою під час затримання або невідкладно після нього? Виберіть усі правильні відповіді.',
      ur: 'ایک غیر ملکی شہری کو، جو "تھوڑی بہت روسی" بولتا ہے، حراست میں لایا گیا ہے۔ گرفتاری کے وقت یا اس کے فوراً بعد اسے اس کی سمجھ میں آنے والی زبان میں کیا بتانا لازم ہے؟ تمام درست جوابات منتخب کیجیے۔',
      sw: 'Raia wa kigeni anayezungumza "Kirusi kidogo" ameletwa mahabusu. Ni nini lazima aelezwe, kwa lugha anayoielewa, wakati wa kukamatwa au mara baada ya hapo? Chagua majibu yote sahihi.',
    },
    options: [
      right(
        {
          en: 'That he may have a defence lawyer, assigned free of charge if he cannot pay, before any question about the offence',
          ru: 'О праве иметь защитника — бесплатно, если он не может оплатить его услуги, — до любых вопросов о преступлении',
          ka: 'რომ მას აქვს დამცველის (ადვოკატის) ყოლის უფლება — უფასოდ, თუ ანაზღაურება არ შეუძლია — დანაშაულის შესახებ ნებისმიერ კითხვამდე',
          uk: 'Про право мати захисника — безоплатно, якщо він не може оплатити його послуги, — до будь-яких запитань про злочин',
          ur: 'کہ جرم کے بارے میں کسی بھی سوال سے پہلے اسے وکیلِ صفائی کا حق ہے، اور فیس ادا نہ کر سکنے پر وکیل مفت مقرر ہوگا',
          sw: 'Kwamba ana haki ya kuwa na wakili wa utetezi, bila malipo ikiwa hawezi kumlipa, kabla ya swali lolote kuhusu kosa',
        },
        {
          en: 'Right: access to a lawyer from the first interview (Salduz v. Turkey, 2008; Principle 17).',
          ru: 'Верно: доступ к защитнику с первого допроса («Салдуз против Турции», 2008; принцип 17).',
          ka: 'სწორია: დამცველთან წვდომა პირველივე გამოკითხვიდან („სალდუზი თურქეთის წინააღმდეგ“, 2008; მე-17 პრინციპი).',
          uk: 'Правильно: доступ до захисника з першого допиту («Салдуз проти Туреччини», 2008; принцип 17).',
          ur: 'درست: پہلی پوچھ گچھ سے ہی وکیل تک رسائی (سالدوز بنام ترکی، 2008؛ اصول 17)۔',
          sw: 'Sahihi: kupata wakili tangu mahojiano ya kwanza (Salduz dhidi ya Uturuki, 2008; Kanuni ya 17).',
        },
      ),
      right(
        {
          en: 'That his consulate will be notified of his arrest if he so requests',
          ru: 'О том, что по его просьбе о задержании уведомят консульство его страны',
          ka: 'რომ მისი თხოვნით მისი ქვეყნის საკონსულოს ეცნობება დაკავების შესახებ',
          uk: 'Про те, що на його прохання про затримання повідомлять консульство його країни',
          ur: 'کہ اس کی درخواست پر اس کے ملک کے قونصل خانے کو گرفتاری کی اطلاع دی جائے گی',
          sw: 'Kwamba ubalozi wa nchi yake utajulishwa kuhusu kukamatwa kwake akiomba hivyo',
        },
        {
          en: 'Right: Article 36 of the Vienna Convention on Consular Relations requires this without delay.',
          ru: 'Верно: статья 36 Венской конвенции о консульских сношениях требует этого без промедления.',
          ka: 'სწორია: საკონსულო ურთიერთობების შესახებ ვენის კონვენციის 36-ე მუხლი ამას დაუყოვნებლივ მოითხოვს.',
          uk: 'Правильно: стаття 36 Віденської конвенції про консульські зносини вимагає цього без зволікання.',
          ur: 'درست: قونصلر تعلقات کے ویانا کنونشن کا آرٹیکل 36 بلا تاخیر اس کا تقاضا کرتا ہے۔',
          sw: 'Sahihi: Ibara ya 36 ya Mkataba wa Vienna kuhusu Mahusiano ya Kibalozi inataka hivyo bila kuchelewa.',
        },
      ),
      right(
        {
          en: 'That he may remain silent, explained with a free interpreter for his first language if needed',
          ru: 'О праве хранить молчание, разъяснённом при необходимости через бесплатного переводчика на его родной язык',
          ka: 'რომ მას აქვს დუმილის უფლება, რაც საჭიროების შემთხვევაში უფასო თარჯიმნის მეშვეობით მის მშობლიურ ენაზე განემარტება',
          uk: 'Про право зберігати мовчання, роз’яснене за потреби через безоплатного перекладача його рідною мовою',
          ur: 'کہ اسے خاموش رہنے کا حق ہے، جو ضرورت ہو تو اس کی مادری زبان کے مفت مترجم کے ذریعے سمجھایا جائے',
          sw: 'Kwamba ana haki ya kukaa kimya, akielezwa kupitia mkalimani wa bure wa lugha yake ya kwanza inapohitajika',
        },
        {
          en: 'Right: rights are explained at arrest in a language he understands, with a free interpreter if needed (ECHR Art. 5(2); Principles 13 and 14).',
          ru: 'Верно: права разъясняются при задержании на понятном ему языке, при необходимости с бесплатным переводчиком (ст. 5(2) ЕКПЧ; принципы 13 и 14).',
          ka: 'სწორია: უფლებები დაკავებისას განემარტება მისთვის გასაგებ ენაზე, საჭიროების შემთხვევაში — უფასო თარჯიმნით (ევროპული კონვენციის მე-5 მუხლის მე-2 პუნქტი; მე-13 და მე-14 პრინციპები).',
          uk: 'Правильно: права роз’яснюють під час затримання зрозумілою йому мовою, за потреби з безоплатним перекладачем (ст. 5(2) ЄКПЛ; принципи 13 і 14).',
          ur: 'درست: حقوق گرفتاری کے وقت اس کی سمجھ میں آنے والی زبان میں، ضرورت ہو تو مفت مترجم کے ساتھ، بتائے جاتے ہیں (ECHR آرٹیکل 5(2)؛ اصول 13 اور 14)۔',
          sw: 'Sahihi: haki huelezwa wakati wa kukamatwa kwa lugha anayoielewa, na mkalimani wa bure inapohitajika (ECHR Ibara ya 5(2); Kanuni ya 13 na 14).',
        },
      ),
      wrong(
        {
          en: 'That he will be released at once if he confesses',
          ru: 'О том, что его сразу освободят, если он признается',
          ka: 'რომ მას მაშინვე გაათავისუფლებენ, თუ დანაშაულს აღიარებს',
          uk: 'Про те, що його одразу звільнять, якщо він зізнається',
          ur: 'کہ اقبالِ جرم کر لینے پر اسے فوراً رہا کر دیا جائے گا',
          sw: 'Kwamba ataachiliwa mara moja akikiri kosa',
        },
        {
          en: 'No: such a promise is coercion and makes any confession worthless.',
          ru: 'Нет: такое обещание — это принуждение, и полученное признание ничего не стоит.',
          ka: 'არა: ასეთი დაპირება იძულებაა და ამგვარად მიღებულ აღიარებას არანაირი ღირებულება არ აქვს.',
          uk: 'Ні: така обіцянка — це примус, і отримане зізнання нічого не варте.',
          ur: 'نہیں: ایسا وعدہ جبر ہے اور اس طرح حاصل شدہ اقبالِ جرم بے وقعت ہے۔',
          sw: 'Hapana: ahadi kama hiyo ni shuruti, na ungamo linalopatikana kwa njia hiyo halina thamani.',
        },
      ),
      wrong(
        {
          en: 'That rights are explained only once a charge has been brought',
          ru: 'О том, что права разъясняются только после предъявления обвинения',
          ka: 'რომ უფლებები მხოლოდ ბრალდების წაყენების შემდეგ განემარტება',
          uk: 'Про те, що права роз’яснюють лише після пред’явлення обвинувачення',
          ur: 'کہ حقوق صرف فردِ جرم عائد ہونے کے بعد بتائے جاتے ہیں',
          sw: 'Kwamba haki zake zitaelezwa tu baada ya kufunguliwa shtaka',
        },
        {
          en: 'No: rights are explained at arrest and again on arrival in custody, not only after a charge.',
          ru: 'Нет: права разъясняются при задержании и повторно по прибытии в место содержания, а не только после предъявления обвинения.',
          ka: 'არა: უფლებები განემარტება დაკავებისას და ხელახლა — დაკავების ადგილზე მიყვანისას, და არა მხოლოდ ბრალდების წაყენების შემდეგ.',
          uk: 'Ні: права роз’яснюють під час затримання і повторно після доставлення до місця тримання, а не лише після пред’явлення обвинувачення.',
          ur: 'نہیں: حقوق گرفتاری کے وقت اور حراست میں پہنچنے پر دوبارہ بتائے جاتے ہیں، صرف فردِ جرم کے بعد نہیں۔',
          sw: 'Hapana: haki huelezwa wakati wa kukamatwa na tena anapofikishwa mahabusu, si baada ya shtaka tu.',
        },
      ),
    ],
    explanation: {
      en: 'At arrest the person learns the reasons and his rights — silence, a lawyer, an interpreter, notification of family and consulate, a doctor — in a language he understands, and the custody record shows how understanding was checked.',
      ru: 'При задержании лицо узнаёт основания и свои права — хранить молчание, иметь защитника и переводчика, уведомить семью и консульство, получить помощь врача — на понятном ему языке, а в журнале учёта задержанных отмечается, как проверено понимание.',
      ka: 'დაკავებისას პირი მისთვის გასაგებ ენაზე იგებს დაკავების საფუძვლებსა და თავის უფლებებს — დუმილის, დამცველისა და თარჯიმნის ყოლის, ოჯახისა და საკონსულოს ინფორმირების, ექიმის დახმარების — ხოლო დაკავებულთა აღრიცხვის ჟურნალში აღინიშნება, როგორ შემოწმდა, რომ მან ეს გაიგო.',
      uk: 'Під час затримання особа дізнається про підстави і свої права — зберігати мовчання, мати захисника й перекладача, повідомити родину і консульство, отримати допомогу лікаря — зрозумілою їй мовою, а в журналі обліку затриманих осіб зазначають, як перевірено розуміння.',
      ur: 'گرفتاری کے وقت شخص کو اس کی سمجھ میں آنے والی زبان میں وجوہات اور اس کے حقوق بتائے جاتے ہیں — خاموش رہنے، وکیل اور مترجم، خاندان اور قونصل خانے کو اطلاع، اور ڈاکٹر کا حق — اور حراستی ریکارڈ میں درج ہوتا ہے کہ اس کی سمجھ کیسے جانچی گئی۔',
      sw: 'Wakati wa kukamatwa mtu huelezwa, kwa lugha anayoielewa, sababu za kukamatwa na haki zake — kukaa kimya, wakili na mkalimani, kujulisha familia na ubalozi, kuonana na daktari — na daftari la mahabusu huonyesha jinsi uelewa wake ulivyothibitishwa.',
    },
  },

  // Module 3, lesson 2: the PEACE model.
  'peace-account': {
    type: 'single_choice',
    points: 2,
    tags: ['interviewing'],
    stem: {
      en: 'In the PEACE model, how should the interviewer open the “Account, clarification and challenge” stage?',
      ru: 'Как в модели PEACE следует начинать этап «свободный рассказ, уточнение и проверка»?',
      ka: 'PEACE მოდელში როგორ უნდა დაიწყოს ეტაპი „თხრობა, დაზუსტება და შეპირისპირება“?',
      uk: 'Як у моделі PEACE слід розпочинати етап «вільна розповідь, уточнення та перевірка»?',
      ur: 'PEACE ماڈل میں "بیان، وضاحت اور جانچ" کا مرحلہ کیسے شروع کرنا چاہیے؟',
      sw: 'Katika mfumo wa PEACE, hatua ya "Maelezo, ufafanuzi na kuhoji" inapaswa kuanzaje?',
    },
    options: [
      right(
        {
          en: 'Ask for a free account (“Tell me, from the beginning, about your journey”) and do not interrupt',
          ru: 'Попросить свободный рассказ («Расскажите, пожалуйста, с самого начала о своей поездке») и не перебивать',
          ka: 'სთხოვეთ თავისუფალი თხრობა („გთხოვთ, თავიდან მოგვიყვეთ თქვენი მგზავრობის შესახებ“) და ნუ შეაწყვეტინებთ',
          uk: 'Попросити вільну розповідь («Розкажіть, будь ласка, з самого початку про свою поїздку») і не перебивати',
          ur: 'آزادانہ بیان مانگیں ("براہِ کرم شروع سے اپنے سفر کے بارے میں بتائیں") اور بات نہ کاٹیں',
          sw: 'Omba maelezo huru ("Tafadhali nieleze safari yako tangu mwanzo") na usimkatize',
        },
        {
          en: 'Right: a free account first, then open questions topic by topic, then specific ones; evidence is put to him later, as planned.',
          ru: 'Верно: сначала свободный рассказ, затем открытые вопросы по каждой теме, потом конкретные; доказательства предъявляются позже, по плану.',
          ka: 'სწორია: ჯერ თავისუფალი თხრობა, შემდეგ ღია კითხვები თითოეულ თემაზე, მერე — კონკრეტული; მტკიცებულებები მოგვიანებით, გეგმის მიხედვით წარედგინება.',
          uk: 'Правильно: спочатку вільна розповідь, потім відкриті запитання з кожної теми, далі конкретні; докази пред’являють пізніше, за планом.',
          ur: 'درست: پہلے آزادانہ بیان، پھر ہر موضوع پر کھلے سوالات، پھر مخصوص سوالات؛ شہادت بعد میں، منصوبے کے مطابق، پیش کی جاتی ہے۔',
          sw: 'Sahihi: kwanza maelezo huru, kisha maswali ya wazi kwa kila mada, halafu maswali mahususi; ushahidi huwasilishwa baadaye, kama ilivyopangwa.',
        },
      ),
      wrong(
        {
          en: 'Put the strongest evidence to the suspect at once, to break his story',
          ru: 'Сразу предъявить подозреваемому самое сильное доказательство, чтобы разрушить его версию',
          ka: 'მაშინვე წარუდგინეთ ეჭვმიტანილს ყველაზე ძლიერი მტკიცებულება, რათა მისი ვერსია დაანგრიოთ',
          uk: 'Одразу пред’явити підозрюваному найсильніший доказ, щоб зруйнувати його версію',
          ur: 'مشتبہ شخص کے سامنے فوراً سب سے مضبوط شہادت رکھ دیں تاکہ اس کی کہانی ٹوٹ جائے',
          sw: 'Mwonyeshe mtuhumiwa ushahidi wenye nguvu zaidi mara moja ili kuvunja hadithi yake',
        },
        {
          en: 'No: challenge comes after the account, calmly and at a moment planned in advance.',
          ru: 'Нет: проверка следует за рассказом — спокойно и в заранее спланированный момент.',
          ka: 'არა: შეპირისპირება თხრობის შემდეგ მოდის — მშვიდად და წინასწარ დაგეგმილ მომენტში.',
          uk: 'Ні: перевірка настає після розповіді — спокійно і в заздалегідь спланований момент.',
          ur: 'نہیں: جانچ بیان کے بعد آتی ہے — پُرسکون انداز میں اور پہلے سے طے شدہ لمحے پر۔',
          sw: 'Hapana: kuhoji huja baada ya maelezo — kwa utulivu na wakati uliopangwa mapema.',
        },
      ),
      wrong(
        {
          en: 'Ask leading questions that confirm what the investigation already knows',
          ru: 'Задавать наводящие вопросы, подтверждающие то, что следствию уже известно',
          ka: 'დასვით წამყვანი კითხვები, რომლებიც ადასტურებს იმას, რაც გამოძიებამ უკვე იცის',
          uk: 'Ставити навідні запитання, що підтверджують те, що слідству вже відомо',
          ur: 'ایسے رہنمائی کرنے والے سوالات پوچھیں جو تفتیش کی پہلے سے معلوم باتوں کی تصدیق کریں',
          sw: 'Uliza maswali ya kuongoza yanayothibitisha kile ambacho upelelezi tayari unakijua',
        },
        {
          en: 'No: leading questions (“You knew about the packages, didn’t you?”) produce unreliable answers.',
          ru: 'Нет: наводящие вопросы («Вы ведь знали о свёртках?») дают недостоверные ответы.',
          ka: 'არა: წამყვანი კითხვები („ხომ იცოდით შეკვრების შესახებ?“) არასანდო პასუხებს იძლევა.',
          uk: 'Ні: навідні запитання («Ви ж знали про пакунки?») дають недостовірні відповіді.',
          ur: 'نہیں: رہنمائی کرنے والے سوالات ("آپ کو پیکٹوں کا علم تھا، ہے نا؟") ناقابلِ اعتماد جواب دیتے ہیں۔',
          sw: 'Hapana: maswali ya kuongoza ("Ulijua kuhusu vifurushi, si ndiyo?") huleta majibu yasiyoaminika.',
        },
      ),
      wrong(
        {
          en: 'Tell the suspect that cooperating will shorten his detention',
          ru: 'Сказать подозреваемому, что сотрудничество сократит срок его содержания под стражей',
          ka: 'უთხარით ეჭვმიტანილს, რომ თანამშრომლობა მისი პატიმრობის ვადას შეამცირებს',
          uk: 'Сказати підозрюваному, що співпраця скоротить строк тримання його під вартою',
          ur: 'مشتبہ شخص کو بتائیں کہ تعاون کرنے سے اس کی حراست کی مدت کم ہو جائے گی',
          sw: 'Mwambie mtuhumiwa kwamba akishirikiana muda wake wa kuzuiliwa utapunguzwa',
        },
        {
          en: 'No: that is an unlawful promise — coercion — and makes the statement worthless.',
          ru: 'Нет: это незаконное обещание, то есть принуждение, и такие показания ничего не стоят.',
          ka: 'არა: ეს უკანონო დაპირებაა, ანუ იძულება, და ასეთ ჩვენებას ღირებულება არ აქვს.',
          uk: 'Ні: це незаконна обіцянка, тобто примус, і такі показання нічого не варті.',
          ur: 'نہیں: یہ غیر قانونی وعدہ یعنی جبر ہے، اور ایسا بیان بے وقعت ہے۔',
          sw: 'Hapana: hiyo ni ahadi isiyo halali, yaani shuruti, na maelezo ya namna hiyo hayana thamani.',
        },
      ),
    ],
    explanation: {
      en: 'PEACE gathers information with an open mind: plan, engage and explain the rights, obtain a free account, clarify with open questions, challenge with evidence and never with pressure, then close and evaluate.',
      ru: 'PEACE — это сбор информации без предвзятости: планирование, установление контакта и разъяснение прав, свободный рассказ, уточнение открытыми вопросами, проверка доказательствами, а не давлением, затем завершение и оценка.',
      ka: 'PEACE მიუკერძოებლად აგროვებს ინფორმაციას: დაგეგმვა, კონტაქტის დამყარება და უფლებების განმარტება, თავისუფალი თხრობა, დაზუსტება ღია კითხვებით, შეპირისპირება მტკიცებულებებით და არა ზეწოლით, შემდეგ დასრულება და შეფასება.',
      uk: 'PEACE — це збирання інформації без упередженості: планування, встановлення контакту і роз’яснення прав, вільна розповідь, уточнення відкритими запитаннями, перевірка доказами, а не тиском, потім завершення та оцінювання.',
      ur: 'PEACE کھلے ذہن سے معلومات جمع کرتا ہے: منصوبہ بندی، رابطہ اور حقوق کی وضاحت، آزادانہ بیان، کھلے سوالات سے وضاحت، دباؤ کے بجائے شہادت سے جانچ، پھر اختتام اور جائزہ۔',
      sw: 'PEACE hukusanya taarifa bila upendeleo: kupanga, kujenga maelewano na kueleza haki, maelezo huru, ufafanuzi kwa maswali ya wazi, kuhoji kwa ushahidi na si kwa shinikizo, kisha kuhitimisha na kutathmini.',
    },
  },

  // Module 4, lesson 2: the chain of custody (any language's glossary term counts).
  'custody-chain': {
    type: 'short_text',
    points: 2,
    tags: ['chain-of-custody', 'search-and-seizure'],
    stem: {
      en: 'What is the documented history of an exhibit — who held it, when, under which seal — from the moment it is found until it is produced in court called? Answer with the term used in the course.',
      ru: 'Как называется документированная история вещественного доказательства — кто, когда и под какой пломбой его держал — с момента обнаружения до представления в суде? Ответьте термином, который используется в курсе.',
      ka: 'როგორ იწოდება ნივთიერი მტკიცებულების დოკუმენტირებული ისტორია — ვის ეჭირა, როდის და რომელი ლუქით — მისი აღმოჩენიდან სასამართლოში წარდგენამდე? უპასუხეთ კურსში გამოყენებული ტერმინით.',
      uk: 'Як називається задокументована історія речового доказу — хто, коли і під якою пломбою його тримав — від моменту виявлення до подання в суді? Дайте відповідь терміном, який використовується в курсі.',
      ur: 'مالِ مقدمہ کی اس دستاویزی تاریخ کو — کس کے پاس، کب اور کس مہر کے تحت رہا — برآمدگی کے لمحے سے عدالت میں پیش ہونے تک، کیا کہتے ہیں؟ کورس میں استعمال ہونے والی اصطلاح لکھیں۔',
      sw: 'Historia iliyoandikwa ya kielelezo — nani alikishika, lini na chini ya lakiri ipi — tangu kilipopatikana hadi kinapowasilishwa mahakamani inaitwaje? Jibu kwa istilahi inayotumika katika kozi.',
    },
    answer: [
      'chain of custody',
      'цепочка хранения доказательств',
      'цепочка хранения',
      'მტკიცებულებათა შენახვის ჯაჭვი',
      'შენახვის ჯაჭვი',
      'ланцюг зберігання доказів',
      'ланцюг зберігання',
      'شہادت کی تحویل کا سلسلہ',
      'تحویل کا سلسلہ',
      'mnyororo wa uhifadhi wa vielelezo',
      'mnyororo wa uhifadhi',
    ],
    explanation: {
      en: 'The chain of custody must let a judge answer three questions: is this the item that was seized, was it held only by authorised persons, and could it have been altered, swapped or contaminated?',
      ru: 'Цепочка хранения доказательств должна позволить судье ответить на три вопроса: тот ли это предмет, который был изъят; находился ли он только у уполномоченных лиц; мог ли он быть изменён, подменён или загрязнён?',
      ka: 'მტკიცებულებათა შენახვის ჯაჭვი მოსამართლეს სამ კითხვაზე პასუხის გაცემის საშუალებას უნდა აძლევდეს: ეს არის თუ არა ის ნივთი, რომელიც ამოიღეს; ჰქონდათ თუ არა იგი მხოლოდ უფლებამოსილ პირებს; შეიძლებოდა თუ არა მისი შეცვლა, გადანაცვლება ან დაბინძურება?',
      uk: 'Ланцюг зберігання доказів має дати судді змогу відповісти на три запитання: чи це той предмет, який було вилучено; чи перебував він лише в уповноважених осіб; чи міг він бути змінений, підмінений або забруднений?',
      ur: 'شہادت کی تحویل کا سلسلہ جج کو تین سوالوں کا جواب دینے کے قابل بنائے: کیا یہ وہی چیز ہے جو ضبط ہوئی تھی؟ کیا یہ صرف مجاز افراد کے پاس رہی؟ کیا اسے بدلا، تبدیل یا آلودہ کیا جا سکتا تھا؟',
      sw: 'Mnyororo wa uhifadhi wa vielelezo lazima umwezeshe jaji kujibu maswali matatu: je, hiki ndicho kitu kilichokamatwa? Je, kilishikwa na watu walioidhinishwa pekee? Je, kingeweza kufanyiwa mabadiliko, kubadilishwa kwa kingine au kuchafuliwa?',
    },
  },

  // Module 4, lesson 2: a wrong seal number, and disclosure.
  'seal-error': {
    type: 'true_false',
    points: 1,
    answer: false,
    tags: ['chain-of-custody', 'disclosure'],
    stem: {
      en: 'True or false? When an officer finds that a seal number was written wrongly on the seizure record, the best course is to correct the record quietly, so that the defence cannot exploit the error.',
      ru: 'Верно или неверно? Если сотрудник обнаружил, что номер пломбы в протоколе изъятия записан неверно, лучше всего тихо исправить протокол, чтобы защита не смогла воспользоваться ошибкой.',
      ka: 'სწორია თუ არა? თუ თანამშრომელმა აღმოაჩინა, რომ ამოღების ოქმში ლუქის ნომერი არასწორად ჩაიწერა, საუკეთესო გამოსავალია ოქმის ჩუმად გასწორება, რათა დაცვის მხარემ შეცდომა ვერ გამოიყენოს.',
      uk: 'Правильно чи неправильно? Якщо працівник виявив, що номер пломби в протоколі вилучення записано неправильно, найкраще тихо виправити протокол, щоб захист не зміг скористатися помилкою.',
      ur: 'درست یا غلط؟ اگر افسر کو معلوم ہو کہ فردِ مقبوضگی پر مہر کا نمبر غلط لکھا گیا ہے تو بہترین راستہ یہ ہے کہ ریکارڈ خاموشی سے درست کر دیا جائے تاکہ وکیلِ صفائی اس غلطی سے فائدہ نہ اٹھا سکے۔',
      sw: 'Kweli au si kweli? Afisa akigundua kwamba namba ya lakiri iliandikwa vibaya kwenye hati ya ukamataji mali, njia bora ni kurekebisha hati hiyo kimyakimya ili upande wa utetezi usitumie kosa hilo.',
    },
    explanation: {
      en: 'False. Nothing is erased or backdated: write a dated, signed note, compare the seal with the seizure record, the store register and the laboratory’s receipt, take short statements and inform the prosecutor, who must disclose the error and its correction to the defence. An explained clerical error usually goes to the weight of the evidence; a concealed correction may lead to its exclusion.',
      ru: 'Неверно. Ничего не стирают и не ставят задним числом: составляют датированную и подписанную записку, сверяют пломбу с протоколом изъятия, журналом камеры хранения и квитанцией лаборатории, получают краткие объяснения и сообщают прокурору, который обязан раскрыть ошибку и её исправление стороне защиты. Объяснённая техническая ошибка обычно влияет на оценку достоверности доказательства; скрытое исправление может привести к признанию доказательства недопустимым.',
      ka: 'არასწორია. არაფერი იშლება და არაფერი თარიღდება უკანა რიცხვით: დგება თარიღიანი და ხელმოწერილი ჩანაწერი, ლუქი შედარდება ამოღების ოქმს, საცავის ჟურნალსა და ლაბორატორიის ქვითარს, ჩამოერთმევა მოკლე ახსნა-განმარტებები და ეცნობება პროკურორს, რომელიც ვალდებულია, დაცვის მხარეს გაუზიაროს როგორც შეცდომა, ისე მისი გასწორება. ახსნილი ტექნიკური შეცდომა ჩვეულებრივ მტკიცებულების სანდოობის შეფასებაზე მოქმედებს; დამალულმა გასწორებამ კი შეიძლება მტკიცებულების დაუშვებლად ცნობა გამოიწვიოს.',
      uk: 'Неправильно. Нічого не стирають і не датують заднім числом: складають датовану й підписану записку, звіряють пломбу з протоколом вилучення, журналом камери схову і квитанцією лабораторії, отримують короткі пояснення і повідомляють прокурора, який зобов’язаний відкрити стороні захисту і помилку, і її виправлення. Пояснена технічна помилка зазвичай впливає на оцінку достовірності доказу; приховане виправлення може призвести до визнання доказу недопустимим.',
      ur: 'غلط۔ کچھ نہیں مٹایا جاتا اور پچھلی تاریخ نہیں ڈالی جاتی: تاریخ شدہ اور دستخط شدہ نوٹ لکھیں، مہر کا فردِ مقبوضگی، مال خانے کے رجسٹر اور لیبارٹری کی رسید سے موازنہ کریں، مختصر بیانات لیں اور پراسیکیوٹر کو مطلع کریں، جس پر غلطی اور اس کی تصحیح کا وکیلِ صفائی کے سامنے انکشاف لازم ہے۔ وضاحت والی تحریری غلطی عموماً شہادت کی وقعت پر اثر ڈالتی ہے؛ چھپائی گئی تصحیح شہادت کے اخراج تک لے جا سکتی ہے۔',
      sw: 'Si kweli. Hakuna kinachofutwa wala kuwekewa tarehe ya nyuma: andika maelezo yenye tarehe na sahihi, linganisha lakiri na hati ya ukamataji mali, daftari la stoo na stakabadhi ya maabara, chukua maelezo mafupi na umjulishe mwendesha mashtaka, ambaye anawajibika kufanya ufichuzi wa kosa na marekebisho yake kwa upande wa utetezi. Kosa la kiuandishi lililoelezwa kwa kawaida huathiri thamani ya ushahidi; marekebisho yaliyofichwa yanaweza kusababisha kukataliwa kwa ushahidi.',
    },
  },

  // Module 2, lesson 3: pre-trial detention is the exception.
  'pretrial-detention': {
    type: 'single_choice',
    points: 2,
    tags: ['lawful-detention', 'fair-trial'],
    stem: {
      en: 'The prosecutor asks the court to keep the lorry driver, a foreign national, in pre-trial detention. Which reason can justify it?',
      ru: 'Прокурор просит суд избрать водителю грузовика, иностранному гражданину, досудебное содержание под стражей. Какое основание может это оправдать?',
      ka: 'პროკურორი სასამართლოს სთხოვს, სატვირთო ავტომობილის მძღოლს, უცხო ქვეყნის მოქალაქეს, წინასწარი პატიმრობა შეეფარდოს. რომელ საფუძველს შეუძლია ამის გამართლება?',
      uk: 'Прокурор просить суд обрати водієві вантажівки, іноземцю, запобіжний захід у вигляді тримання під вартою. Яка підстава може це виправдати?',
      ur: 'پراسیکیوٹر عدالت سے درخواست کرتا ہے کہ ٹرک ڈرائیور کو، جو غیر ملکی شہری ہے، مقدمے سے قبل حراست میں رکھا جائے۔ کون سی وجہ اسے جائز ٹھہرا سکتی ہے؟',
      sw: 'Mwendesha mashtaka anaiomba mahakama dereva wa lori, ambaye ni raia wa kigeni, azuiliwe rumande kabla ya kesi. Ni sababu ipi inayoweza kuhalalisha hilo?',
    },
    options: [
      right(
        {
          en: 'A concrete risk of absconding shown by specific facts, such as a false identity or no ties to the country, after alternatives such as bail have been considered',
          ru: 'Конкретный риск побега, подтверждённый определёнными фактами — например, поддельными документами или отсутствием связей в стране, — после рассмотрения альтернатив, таких как залог',
          ka: 'მიმალვის კონკრეტული რისკი, რომელიც განსაზღვრული ფაქტებით დასტურდება — მაგალითად, ყალბი ვინაობით ან ქვეყანასთან კავშირების არქონით — მას შემდეგ, რაც ალტერნატივები, მაგალითად გირაო, იქნა განხილული',
          uk: 'Конкретний ризик переховування, підтверджений певними фактами — наприклад, підробленими документами чи відсутністю зв’язків у країні, — після розгляду альтернатив, як-от застава',
          ur: 'مخصوص حقائق سے ثابت فرار کا ٹھوس خطرہ — مثلاً جعلی شناخت یا ملک سے کوئی تعلق نہ ہونا — جبکہ ضمانت جیسے متبادل پر غور ہو چکا ہو',
          sw: 'Hatari halisi ya kutoroka inayothibitishwa na ukweli mahususi — kama utambulisho wa uongo au kukosa mahusiano nchini — baada ya njia mbadala kama dhamana kuzingatiwa',
        },
        {
          en: 'Right: pre-trial detention is the exception and needs concrete, case-specific reasons; alternatives such as bail, surrender of the passport or reporting come first.',
          ru: 'Верно: досудебное содержание под стражей — исключение, и для него нужны конкретные основания, относящиеся к делу; сначала рассматриваются альтернативы — залог, сдача паспорта, обязанность являться по вызову.',
          ka: 'სწორია: წინასწარი პატიმრობა გამონაკლისია და საქმესთან დაკავშირებულ კონკრეტულ საფუძვლებს მოითხოვს; პირველ რიგში განიხილება ალტერნატივები — გირაო, პასპორტის ჩაბარება, გამოცხადების ვალდებულება.',
          uk: 'Правильно: тримання під вартою — виняток, і для нього потрібні конкретні підстави, що стосуються справи; спершу розглядають альтернативи — заставу, здачу паспорта, обов’язок з’являтися за викликом.',
          ur: 'درست: مقدمے سے قبل حراست استثنا ہے اور اس مقدمے سے متعلق ٹھوس وجوہات مانگتی ہے؛ پہلے ضمانت، پاسپورٹ جمع کرانے یا حاضری کی پابندی جیسے متبادل دیکھے جاتے ہیں۔',
          sw: 'Sahihi: kuzuiliwa rumande kabla ya kesi ni jambo la kipekee na kunahitaji sababu mahususi za kesi hiyo; kwanza huzingatiwa njia mbadala — dhamana, kusalimisha pasipoti, kuripoti mara kwa mara.',
        },
      ),
      wrong(
        {
          en: 'His foreign nationality alone',
          ru: 'Одно лишь его иностранное гражданство',
          ka: 'მხოლოდ მისი უცხო ქვეყნის მოქალაქეობა',
          uk: 'Саме лише його іноземне громадянство',
          ur: 'صرف اس کی غیر ملکی شہریت',
          sw: 'Uraia wake wa kigeni peke yake',
        },
        {
          en: 'No: foreign nationality alone does not prove a risk of flight.',
          ru: 'Нет: иностранное гражданство само по себе не доказывает риск побега.',
          ka: 'არა: უცხო ქვეყნის მოქალაქეობა თავისთავად არ ამტკიცებს მიმალვის რისკს.',
          uk: 'Ні: іноземне громадянство саме по собі не доводить ризику переховування.',
          ur: 'نہیں: صرف غیر ملکی شہریت فرار کا خطرہ ثابت نہیں کرتی۔',
          sw: 'Hapana: uraia wa kigeni peke yake hauthibitishi hatari ya kutoroka.',
        },
      ),
      wrong(
        {
          en: 'The seriousness of the offence and the 36 kg of heroin alone',
          ru: 'Одна лишь тяжесть преступления и 36 кг героина',
          ka: 'მხოლოდ დანაშაულის სიმძიმე და 36 კგ ჰეროინი',
          uk: 'Сама лише тяжкість злочину і 36 кг героїну',
          ur: 'صرف جرم کی سنگینی اور 36 کلو ہیروئن',
          sw: 'Uzito wa kosa na kilo 36 za heroini peke yake',
        },
        {
          en: 'No: the seriousness of the offence and the quantity of drugs matter, but are not enough alone.',
          ru: 'Нет: тяжесть преступления и количество наркотиков имеют значение, но сами по себе недостаточны.',
          ka: 'არა: დანაშაულის სიმძიმეს და ნარკოტიკის რაოდენობას მნიშვნელობა აქვს, მაგრამ თავისთავად ისინი საკმარისი არ არის.',
          uk: 'Ні: тяжкість злочину і кількість наркотиків мають значення, але самі по собі недостатні.',
          ur: 'نہیں: جرم کی سنگینی اور منشیات کی مقدار اہم ہیں مگر اکیلے کافی نہیں۔',
          sw: 'Hapana: uzito wa kosa na kiasi cha dawa za kulevya ni muhimu lakini havitoshi peke yake.',
        },
      ),
      wrong(
        {
          en: 'The need to keep him available for interviews until he confesses',
          ru: 'Необходимость держать его под рукой для допросов, пока он не признается',
          ka: 'მისი ხელთ ყოლის საჭიროება გამოკითხვებისთვის, სანამ დანაშაულს აღიარებს',
          uk: 'Потреба тримати його під рукою для допитів, доки він не зізнається',
          ur: 'اقبالِ جرم تک پوچھ گچھ کے لیے اسے دستیاب رکھنے کی ضرورت',
          sw: 'Haja ya kumweka karibu kwa ajili ya mahojiano hadi atakapokiri',
        },
        {
          en: 'No: detention to obtain a confession is coercion and unlawful.',
          ru: 'Нет: содержание под стражей ради получения признания — это принуждение, и оно незаконно.',
          ka: 'არა: პატიმრობა აღიარების მისაღებად იძულებაა და უკანონოა.',
          uk: 'Ні: тримання під вартою задля отримання зізнання — це примус, і воно незаконне.',
          ur: 'نہیں: اقبالِ جرم کے لیے حراست جبر ہے اور غیر قانونی ہے۔',
          sw: 'Hapana: kumzuilia mtu ili akiri ni shuruti na ni kinyume cha sheria.',
        },
      ),
    ],
    explanation: {
      en: 'ICCPR Art. 9(3): detention of persons awaiting trial shall not be the general rule. The prosecutor must show a real risk of absconding, of interference with evidence or witnesses, or of further offences, and the longer detention lasts, the stronger the reasons must be.',
      ru: 'Статья 9(3) МПГПП: содержание под стражей лиц, ожидающих суда, не должно быть общим правилом. Прокурор должен показать реальный риск побега, воздействия на доказательства или свидетелей либо совершения новых преступлений; чем дольше длится содержание под стражей, тем весомее должны быть основания.',
      ka: 'პაქტის მე-9 მუხლის მე-3 პუნქტი: სასამართლო განხილვის მომლოდინე პირების პატიმრობა ზოგადი წესი არ უნდა იყოს. პროკურორმა უნდა აჩვენოს მიმალვის, მტკიცებულებებსა თუ მოწმეებზე ზემოქმედების ან ახალი დანაშაულის ჩადენის რეალური რისკი; რაც უფრო დიდხანს გრძელდება პატიმრობა, მით უფრო მყარი უნდა იყოს საფუძვლები.',
      uk: 'Стаття 9(3) МПГПП: тримання під вартою осіб, які очікують суду, не повинно бути загальним правилом. Прокурор має показати реальний ризик переховування, впливу на докази чи свідків або вчинення нових злочинів; що довше триває тримання під вартою, то вагомішими мають бути підстави.',
      ur: 'ICCPR آرٹیکل 9(3): سماعت کے منتظر افراد کی حراست عام اصول نہیں ہونی چاہیے۔ پراسیکیوٹر کو فرار، شہادت یا گواہوں پر اثر ڈالنے یا مزید جرائم کا حقیقی خطرہ دکھانا ہوگا؛ حراست جتنی طویل ہو، وجوہات اتنی ہی مضبوط ہونی چاہییں۔',
      sw: 'ICCPR Ibara ya 9(3): kuzuiliwa kwa watu wanaosubiri kesi hakupaswi kuwa kanuni ya jumla. Mwendesha mashtaka lazima aonyeshe hatari halisi ya kutoroka, ya kuingilia ushahidi au mashahidi, au ya kutenda makosa mengine; kadiri kuzuiliwa kunavyoendelea, ndivyo sababu zinavyopaswa kuwa nzito zaidi.',
    },
  },

  // Modules 2, 3 and 6: a case essay, graded by hand against its rubric (0–2 points per criterion).
  'withdrawal-essay': {
    type: 'essay',
    points: 6,
    tags: ['interviewing', 'legal-assistance', 'exclusion-of-evidence', 'fair-trial'],
    stem: {
      en: 'Case: it is 02:00, six hours after the lorry driver’s arrest, and his lawyer has not yet arrived. He is sweating and vomiting — signs of heroin withdrawal — and a colleague proposes to question him “informally” in the car: “He will talk to get his dose.” In 150–250 words, say what you do now and why, referring to the rights of the detained, interviewing without coercion (PEACE) and what would happen to the evidence at trial.',
      ru: 'Учебное дело: 02:00, прошло шесть часов после задержания водителя грузовика, его защитник ещё не прибыл. Водитель потеет, у него рвота — признаки героиновой абстиненции, — и коллега предлагает «неофициально» поговорить с ним в машине: «Ради дозы он всё расскажет». В 150–250 словах опишите, что вы делаете сейчас и почему, ссылаясь на права задержанного, допрос без принуждения (PEACE) и на то, что станет с доказательствами в суде.',
      ka: 'სასწავლო საქმე: ღამის 02:00 საათია, სატვირთო ავტომობილის მძღოლის დაკავებიდან ექვსი საათი გავიდა, მისი დამცველი ჯერ არ მოსულა. მძღოლს ოფლი ასხამს და აღებინებს — ეს ჰეროინის აბსტინენციის ნიშნებია — და კოლეგა გთავაზობთ, მას „არაოფიციალურად“ მანქანაში გაესაუბროთ: „დოზის გულისთვის ყველაფერს იტყვის“. 150–250 სიტყვით აღწერეთ, რას გააკეთებთ ახლა და რატომ, დაკავებულის უფლებების, იძულების გარეშე გამოკითხვის (PEACE) და სასამართლოში მტკიცებულებების ბედის მითითებით.',
      uk: 'Навчальна справа: 02:00, минуло шість годин після затримання водія вантажівки, його захисник ще не прибув. Водій пітніє, у нього блювання — ознаки героїнової абстиненції, — і колега пропонує «неофіційно» поговорити з ним в автомобілі: «Заради дози він усе розповість». У 150–250 словах опишіть, що ви робите зараз і чому, посилаючись на права затриманого, допит без примусу (PEACE) і на те, що станеться з доказами в суді.',
      ur: 'کیس: رات کے دو بجے ہیں، ٹرک ڈرائیور کی گرفتاری کو چھ گھنٹے گزر چکے ہیں اور اس کا وکیل ابھی نہیں پہنچا۔ اسے پسینہ آ رہا ہے اور قے ہو رہی ہے — ترکِ نشہ کی علامات — اور ایک ساتھی تجویز دیتا ہے کہ اس سے گاڑی میں "غیر رسمی" بات کی جائے: "نشے کی خاطر سب بتا دے گا۔" 150 سے 250 الفاظ میں لکھیں کہ آپ اب کیا کریں گے اور کیوں، حراست میں لیے گئے شخص کے حقوق، جبر کے بغیر پوچھ گچھ (PEACE) اور عدالت میں شہادت کے انجام کے حوالے سے۔',
      sw: 'Kisa: ni saa nane usiku, saa sita tangu dereva wa lori akamatwe, na wakili wake bado hajafika. Anatokwa jasho na kutapika — dalili za arosto ya heroini — na mwenzako anapendekeza wamhoji "kienyeji" ndani ya gari: "Atasema kila kitu ili apate dozi yake." Kwa maneno 150–250, eleza utakachofanya sasa na kwa nini, ukirejelea haki za mtu aliyezuiliwa, mahojiano bila shuruti (PEACE) na kitakachoupata ushahidi mahakamani.',
    },
    rubric: [
      {
        criterion: {
          en: 'Rights and safeguards',
          ru: 'Права и гарантии',
          ka: 'უფლებები და გარანტიები',
          uk: 'Права і гарантії',
          ur: 'حقوق اور تحفظات',
          sw: 'Haki na kinga',
        },
        levels: [
          {
            points: 0,
            descriptor: {
              en: 'Names no safeguard, or accepts the questioning',
              ru: 'Не называет гарантий или соглашается на такой разговор',
              ka: 'გარანტიებს არ ასახელებს ან ასეთ საუბარს ეთანხმება',
              uk: 'Не називає гарантій або погоджується на таку розмову',
              ur: 'تحفظات کا ذکر نہیں کرتا یا ایسی بات چیت قبول کر لیتا ہے',
              sw: 'Hataji kinga zozote au anakubali mahojiano hayo',
            },
          },
          {
            points: 1,
            descriptor: {
              en: 'Names some safeguards (lawyer, doctor) without saying how they apply now',
              ru: 'Называет некоторые гарантии (защитник, врач), но не говорит, как они применяются сейчас',
              ka: 'ასახელებს ზოგიერთ გარანტიას (დამცველი, ექიმი), მაგრამ არ ხსნის, როგორ გამოიყენება ისინი ახლა',
              uk: 'Називає деякі гарантії (захисник, лікар), але не пояснює, як вони застосовуються зараз',
              ur: 'کچھ تحفظات (وکیل، ڈاکٹر) گنواتا ہے مگر یہ نہیں بتاتا کہ وہ اب کیسے لاگو ہوں',
              sw: 'Anataja baadhi ya kinga (wakili, daktari) bila kueleza zinavyotumika sasa',
            },
          },
          {
            points: 2,
            descriptor: {
              en: 'Refuses the questioning and applies the safeguards: no question without the lawyer or a valid, recorded waiver; a doctor assesses fitness for interview; everything goes into the custody record',
              ru: 'Отказывается от такого разговора и применяет гарантии: никаких вопросов без защитника или действительного, зафиксированного отказа от него; врач оценивает, может ли задержанный участвовать в допросе; всё отражено в журнале учёта задержанных',
              ka: 'უარს ამბობს ასეთ საუბარზე და იყენებს გარანტიებს: არანაირი კითხვა დამცველის ან მასზე ნამდვილი, დაფიქსირებული უარის გარეშე; ექიმი აფასებს, შეუძლია თუ არა დაკავებულს გამოკითხვაში მონაწილეობა; ყველაფერი აისახება დაკავებულთა აღრიცხვის ჟურნალში',
              uk: 'Відмовляється від такої розмови і застосовує гарантії: жодних запитань без захисника або дійсної, зафіксованої відмови від нього; лікар оцінює, чи може затриманий брати участь у допиті; усе відображено в журналі обліку затриманих осіб',
              ur: 'ایسی بات چیت سے انکار کرتا اور تحفظات لاگو کرتا ہے: وکیل یا درج شدہ درست دستبرداری کے بغیر کوئی سوال نہیں؛ ڈاکٹر جانچے کہ وہ پوچھ گچھ کے قابل ہے یا نہیں؛ سب کچھ حراستی ریکارڈ میں درج',
              sw: 'Anakataa mahojiano hayo na kutumia kinga: hakuna swali bila wakili au bila kuachilia haki hiyo kwa hiari kulikoandikwa; daktari atathmini kama anafaa kuhojiwa; kila kitu kiandikwe kwenye daftari la mahabusu',
            },
          },
        ],
      },
      {
        criterion: {
          en: 'Interviewing without coercion',
          ru: 'Допрос без принуждения',
          ka: 'გამოკითხვა იძულების გარეშე',
          uk: 'Допит без примусу',
          ur: 'جبر کے بغیر پوچھ گچھ',
          sw: 'Mahojiano bila shuruti',
        },
        levels: [
          {
            points: 0,
            descriptor: {
              en: 'Sees the withdrawal as a way to obtain a statement',
              ru: 'Видит в абстиненции способ получить показания',
              ka: 'აბსტინენციაში ჩვენების მიღების საშუალებას ხედავს',
              uk: 'Бачить в абстиненції спосіб отримати показання',
              ur: 'ترکِ نشہ کی کیفیت کو بیان لینے کا ذریعہ سمجھتا ہے',
              sw: 'Anaona arosto kama njia ya kupata maelezo',
            },
          },
          {
            points: 1,
            descriptor: {
              en: 'Rejects pressure without saying how to interview instead',
              ru: 'Отвергает давление, но не говорит, как допрашивать иначе',
              ka: 'უარყოფს ზეწოლას, მაგრამ არ ხსნის, როგორ უნდა ჩატარდეს გამოკითხვა სხვაგვარად',
              uk: 'Відкидає тиск, але не пояснює, як допитувати інакше',
              ur: 'دباؤ کو رد کرتا ہے مگر یہ نہیں بتاتا کہ اس کے بجائے پوچھ گچھ کیسے ہو',
              sw: 'Anakataa shinikizo bila kueleza jinsi ya kuhoji badala yake',
            },
          },
          {
            points: 2,
            descriptor: {
              en: 'Explains why pressure produces unreliable statements, and plans a PEACE interview once he is fit and the lawyer is present',
              ru: 'Объясняет, почему давление даёт недостоверные показания, и планирует допрос по модели PEACE, когда задержанный сможет в нём участвовать, а защитник будет рядом',
              ka: 'ხსნის, რატომ იძლევა ზეწოლა არასანდო ჩვენებას, და გეგმავს PEACE მოდელით გამოკითხვას, როცა დაკავებული ამის მდგომარეობაში იქნება და დამცველიც იქ იქნება',
              uk: 'Пояснює, чому тиск дає недостовірні показання, і планує допит за моделлю PEACE, коли затриманий зможе в ньому брати участь, а захисник буде поруч',
              ur: 'وضاحت کرتا ہے کہ دباؤ ناقابلِ اعتماد بیان کیوں دیتا ہے، اور PEACE کے مطابق پوچھ گچھ کی منصوبہ بندی کرتا ہے جب وہ اس قابل ہو اور وکیل موجود ہو',
              sw: 'Anaeleza kwa nini shinikizo huleta maelezo yasiyoaminika, na anapanga mahojiano ya PEACE atakapokuwa na uwezo na wakili akiwepo',
            },
          },
        ],
      },
      {
        criterion: {
          en: 'Consequences for a fair trial',
          ru: 'Последствия для справедливого судебного разбирательства',
          ka: 'შედეგები სამართლიანი სასამართლო განხილვისთვის',
          uk: 'Наслідки для справедливого суду',
          ur: 'منصفانہ سماعت پر اثرات',
          sw: 'Madhara kwa usikilizwaji wa haki wa kesi',
        },
        levels: [
          {
            points: 0,
            descriptor: {
              en: 'Does not mention the trial',
              ru: 'Не упоминает суд',
              ka: 'სასამართლოს არ ახსენებს',
              uk: 'Не згадує суд',
              ur: 'عدالت کا ذکر نہیں کرتا',
              sw: 'Hataji mahakama',
            },
          },
          {
            points: 1,
            descriptor: {
              en: 'Says the statement could be lost, without giving reasons',
              ru: 'Говорит, что показания могут быть потеряны, не объясняя причин',
              ka: 'ამბობს, რომ ჩვენება შეიძლება დაიკარგოს, მიზეზების ახსნის გარეშე',
              uk: 'Каже, що показання можна втратити, не пояснюючи причин',
              ur: 'کہتا ہے کہ بیان ضائع ہو سکتا ہے، وجوہات بتائے بغیر',
              sw: 'Anasema maelezo yanaweza kupotea, bila kueleza sababu',
            },
          },
          {
            points: 2,
            descriptor: {
              en: 'Explains that a statement obtained by ill-treatment or without a lawyer makes the trial unfair (Salduz; Gäfgen) and may taint the evidence derived from it',
              ru: 'Объясняет, что показания, полученные путём жестокого обращения или без защитника, делают разбирательство несправедливым («Салдуз», «Гефген») и могут опорочить полученные на их основе доказательства',
              ka: 'ხსნის, რომ არასათანადო მოპყრობით ან დამცველის გარეშე მიღებული ჩვენება სამართალწარმოებას უსამართლოს ხდის („სალდუზი“, „გეფგენი“) და შეიძლება მისგან მიღებული მტკიცებულებებიც დაუშვებლად აქციოს',
              uk: 'Пояснює, що показання, отримані внаслідок жорстокого поводження або без захисника, роблять судовий розгляд несправедливим («Салдуз», «Гефген») і можуть зробити недопустимими похідні від них докази',
              ur: 'وضاحت کرتا ہے کہ ناروا سلوک سے یا وکیل کے بغیر لیا گیا بیان سماعت کو غیر منصفانہ بنا دیتا ہے (سالدوز اور Gäfgen کے مقدمات) اور اس سے حاصل ہونے والی شہادت کو بھی داغدار کر سکتا ہے',
              sw: 'Anaeleza kwamba maelezo yaliyopatikana kwa kutendewa vibaya au bila wakili hufanya kesi isiwe ya haki (Salduz; Gäfgen) na yanaweza kuchafua ushahidi unaotokana nayo',
            },
          },
        ],
      },
    ],
    explanation: {
      en: 'A model answer: stop the proposal; no question about the offence until the lawyer is present or a voluntary, informed waiver is recorded; call a doctor to assess fitness for interview and continue treatment; record everything in the custody record; later, plan a PEACE interview. Using withdrawal as pressure risks ill-treatment, makes any statement unreliable and exposes it, and what it leads to, to exclusion at trial.',
      ru: 'Образец ответа: остановить это предложение; никаких вопросов о преступлении, пока не прибудет защитник или не будет зафиксирован добровольный и осознанный отказ от него; вызвать врача, чтобы он оценил способность участвовать в допросе, и продолжить лечение; всё внести в журнал учёта задержанных; позже спланировать допрос по модели PEACE. Использование абстиненции как средства давления грозит жестоким обращением, делает любые показания недостоверными и ведёт к признанию их — и полученного на их основе — недопустимыми в суде.',
      ka: 'სანიმუშო პასუხი: შეაჩერეთ ეს შეთავაზება; დანაშაულის შესახებ არანაირი კითხვა, სანამ დამცველი არ მოვა ან არ დაფიქსირდება მასზე ნებაყოფლობითი და ინფორმირებული უარი; გამოიძახეთ ექიმი, რომელიც შეაფასებს, შეუძლია თუ არა პირს გამოკითხვაში მონაწილეობა, და გააგრძელეთ მკურნალობა; ყველაფერი შეიტანეთ დაკავებულთა აღრიცხვის ჟურნალში; მოგვიანებით დაგეგმეთ გამოკითხვა PEACE მოდელით. აბსტინენციის ზეწოლის საშუალებად გამოყენება არასათანადო მოპყრობის საფრთხეს ქმნის, ნებისმიერ ჩვენებას არასანდოს ხდის და სასამართლოში მის — და მისგან მიღებული მტკიცებულებების — დაუშვებლად ცნობას იწვევს.',
      uk: 'Зразок відповіді: зупинити цю пропозицію; жодних запитань про злочин, доки не прибуде захисник або не буде зафіксовано добровільну й усвідомлену відмову від нього; викликати лікаря, щоб він оцінив здатність брати участь у допиті, і продовжити лікування; усе внести до журналу обліку затриманих осіб; пізніше спланувати допит за моделлю PEACE. Використання абстиненції як засобу тиску загрожує жорстоким поводженням, робить будь-які показання недостовірними і веде до визнання їх — і похідних від них доказів — недопустимими в суді.',
      ur: 'نمونہ جواب: یہ تجویز روک دیں؛ جب تک وکیل نہ پہنچے یا رضاکارانہ اور باخبر دستبرداری درج نہ ہو، جرم کے بارے میں کوئی سوال نہیں؛ ڈاکٹر بلائیں جو پوچھ گچھ کی اہلیت جانچے، اور علاج جاری رکھیں؛ سب کچھ حراستی ریکارڈ میں درج کریں؛ بعد میں PEACE کے مطابق پوچھ گچھ کی منصوبہ بندی کریں۔ ترکِ نشہ کو دباؤ کے لیے استعمال کرنا ناروا سلوک کا خطرہ ہے، ہر بیان کو ناقابلِ اعتماد بناتا ہے اور عدالت میں اس کے — اور اس سے ملنے والی شہادت کے — اخراج کا سبب بنتا ہے۔',
      sw: 'Jibu la mfano: zuia pendekezo hilo; hakuna swali kuhusu kosa hadi wakili afike au kuachilia haki hiyo kwa hiari na kwa ufahamu kuandikwe; mwite daktari atathmini uwezo wake wa kuhojiwa na aendelee na matibabu; andika kila kitu kwenye daftari la mahabusu; baadaye panga mahojiano ya PEACE. Kutumia arosto kama shinikizo ni hatari ya kutendewa vibaya, hufanya maelezo yoyote yasiaminike na husababisha kukataliwa kwa ushahidi huo — na unaotokana nao — mahakamani.',
    },
  },
};

/** The course's tests, each with its items in the order they are asked. */
export const NAPOR_ASSESSMENTS: (Omit<CreateAssessmentDto, 'itemIds'> & { items: NaporItemKey[] })[] = [
  {
    kind: 'pre_test',
    title: {
      en: 'Pre-test on the course’s themes',
      ru: 'Входной тест по темам курса',
      ka: 'საწყისი ტესტი კურსის თემებზე',
      uk: 'Вхідний тест за темами курсу',
      ur: 'کورس کے موضوعات پر ابتدائی ٹیسٹ',
      sw: 'Jaribio la awali kuhusu mada za kozi',
    },
    items: ['arrest-grounds', 'judge-promptly', 'detainee-rights', 'peace-account', 'custody-chain', 'pretrial-detention'],
    passPercent: 60,
    timeLimitMinutes: 20,
    maxAttempts: 1,
    policy: 'best',
  },
  {
    kind: 'post_test',
    title: {
      en: 'Post-test on due process from arrest to trial',
      ru: 'Итоговый тест по надлежащей правовой процедуре от задержания до суда',
      ka: 'შემაჯამებელი ტესტი დაკავებიდან სამართლიან სასამართლო განხილვამდე',
      uk: 'Підсумковий тест із належної правової процедури від затримання до суду',
      ur: 'گرفتاری سے سماعت تک منصفانہ قانونی کارروائی پر آخری ٹیسٹ',
      sw: 'Jaribio la mwisho kuhusu taratibu halali za kisheria kutoka ukamataji hadi kesi',
    },
    items: [...NAPOR_ITEM_KEYS],
    passPercent: 60,
    timeLimitMinutes: 45,
    maxAttempts: 2,
    policy: 'best',
  },
];

/** One demo answer: the chosen options (by their place in the item), true or false, or a text. */
export type DemoAnswer = { options: number[] } | { truth: boolean } | { text: string };

/** The locales of the running demo cohorts whose second learner has sat both tests. */
export const DEMO_ANSWER_LOCALES = ['ka', 'ru', 'ur', 'sw'] as const;
export type DemoAnswerLocale = (typeof DEMO_ANSWER_LOCALES)[number];

/**
 * What the second demo learner of each running cohort answered, in the cohort's language: a pre-test with a third of
 * its points (a wrong ground for an arrest, the seizure record for the chain of custody), then a post-test with every
 * automatically scored answer right and an essay that waits for the trainer.
 */
export const DEMO_ANSWERS: Record<DemoAnswerLocale, Record<'pre_test' | 'post_test', Partial<Record<NaporItemKey, DemoAnswer>>>> = {
  ka: {
    pre_test: {
      'arrest-grounds': { options: [2] },
      'judge-promptly': { truth: false },
      'detainee-rights': { options: [0, 1, 3] },
      'peace-account': { options: [1] },
      'custody-chain': { text: 'ამოღების ოქმი' },
      'pretrial-detention': { options: [0] },
    },
    post_test: {
      'arrest-grounds': { options: [0] },
      'judge-promptly': { truth: false },
      'detainee-rights': { options: [0, 1, 2] },
      'peace-account': { options: [0] },
      'custody-chain': { text: 'მტკიცებულებათა შენახვის ჯაჭვი' },
      'seal-error': { truth: false },
      'pretrial-detention': { options: [0] },
      'withdrawal-essay': {
        text: 'ამ შეთავაზებაზე უარს ვიტყვი და კოლეგას ავუხსნი, რატომ. დაკავებულს უკვე განემარტა დამცველის ყოლის უფლება და მან დამცველი მოითხოვა, ამიტომ დანაშაულის შესახებ არანაირ კითხვას არ დავუსვამ, სანამ ადვოკატი არ მოვა. „საუბარი“ მანქანაში იგივე გამოკითხვაა, მხოლოდ ოქმისა და გარანტიების გარეშე. მძღოლს აბსტინენციის ნიშნები აქვს, ამიტომ დაუყოვნებლივ გამოვიძახებ ექიმს, რომელიც შეაფასებს, შეუძლია თუ არა მას გამოკითხვაში მონაწილეობა, და ყველაფერს — დროს, სიმპტომებს, ექიმის დასკვნას — დაკავებულთა აღრიცხვის ჟურნალში შევიტან. ასეთ მდგომარეობაში ადამიანი ყველაფერს იტყვის, ოღონდ ტანჯვა შეწყდეს, ამიტომ მისი სიტყვები არასანდო იქნება, ხოლო აბსტინენციის ზეწოლის საშუალებად გამოყენება არასათანადო მოპყრობაა. როცა ექიმი დაადასტურებს, რომ ის გამოკითხვისთვის მზადაა, და დამცველი მოვა, გამოკითხვას PEACE მოდელით დავგეგმავთ: ჯერ თავისუფალი თხრობა, შემდეგ ღია კითხვები და ბოლოს მტკიცებულებების წარდგენა. სასამართლოში დამცველის გარეშე და ზეწოლით მიღებული ჩვენება დაუშვებლად იქნება ცნობილი („სალდუზი თურქეთის წინააღმდეგ“), ეჭვქვეშ დადგება ყველაფერი, რასაც ამ ჩვენების საფუძველზე მოვიპოვებთ. ჰეროინი უკვე კანონიერად არის ამოღებული და ოქმში აღრიცხული — აღიარების გულისთვის მთელ საქმეს საფრთხეში არ ჩავაგდებ.',
      },
    },
  },
  ru: {
    pre_test: {
      'arrest-grounds': { options: [2] },
      'judge-promptly': { truth: false },
      'detainee-rights': { options: [0, 1, 3] },
      'peace-account': { options: [1] },
      'custody-chain': { text: 'протокол изъятия' },
      'pretrial-detention': { options: [0] },
    },
    post_test: {
      'arrest-grounds': { options: [0] },
      'judge-promptly': { truth: false },
      'detainee-rights': { options: [0, 1, 2] },
      'peace-account': { options: [0] },
      'custody-chain': { text: 'цепочка хранения доказательств' },
      'seal-error': { truth: false },
      'pretrial-detention': { options: [0] },
      'withdrawal-essay': {
        text: 'Я остановлю коллегу: никакой «неофициальной беседы» не будет. Задержанный уже заявил, что хочет защитника, поэтому до его прибытия мы не задаём ни одного вопроса о преступлении, а разговор в машине — это тот же допрос, только без протокола и без гарантий. Признаки абстиненции требуют не давления, а врача: я вызову врача, чтобы он осмотрел задержанного, оценил, может ли тот участвовать в допросе, и при необходимости назначил лечение. Время вызова, осмотр и заключение врача я внесу в журнал учёта задержанных. Человек в состоянии абстиненции скажет что угодно, лишь бы получить облегчение, поэтому такие показания недостоверны, а использование его состояния — это жестокое обращение. Когда врач подтвердит, что задержанный может участвовать в допросе, и прибудет защитник, мы проведём допрос по модели PEACE: спланируем темы, разъясним права, начнём со свободного рассказа и только потом предъявим доказательства. В суде показания, полученные без защитника и под давлением, будут признаны недопустимыми (дело «Салдуз против Турции»), а всё, что мы найдём благодаря им, защита тоже оспорит. Героин уже изъят по протоколу — не стоит рисковать всем делом ради признания.',
      },
    },
  },
  ur: {
    pre_test: {
      'arrest-grounds': { options: [2] },
      'judge-promptly': { truth: false },
      'detainee-rights': { options: [0, 1, 3] },
      'peace-account': { options: [1] },
      'custody-chain': { text: 'فردِ مقبوضگی' },
      'pretrial-detention': { options: [0] },
    },
    post_test: {
      'arrest-grounds': { options: [0] },
      'judge-promptly': { truth: false },
      'detainee-rights': { options: [0, 1, 2] },
      'peace-account': { options: [0] },
      'custody-chain': { text: 'شہادت کی تحویل کا سلسلہ' },
      'seal-error': { truth: false },
      'pretrial-detention': { options: [0] },
      'withdrawal-essay': {
        text: 'میں یہ تجویز رد کر دوں گا۔ گاڑی میں "غیر رسمی" بات بھی پوچھ گچھ ہی ہے، مگر وکیل اور ریکارڈ کے بغیر۔ مشتبہ شخص وکیل مانگ چکا ہے، اس لیے وکیل کے پہنچنے تک جرم کے بارے میں کوئی سوال نہیں ہوگا۔ اس میں ترکِ نشہ کی علامات ہیں، اس لیے میں فوراً ڈاکٹر بلاؤں گا جو طبی معائنہ کرے اور بتائے کہ وہ پوچھ گچھ کے قابل ہے یا نہیں؛ یہ سب وقت کے ساتھ حراستی ریکارڈ میں درج ہوگا۔ اس حالت میں آدمی تکلیف ختم کرانے کے لیے کچھ بھی کہہ دیتا ہے، اس لیے ایسا بیان ناقابلِ اعتماد ہے، اور ترکِ نشہ کو دباؤ کے لیے استعمال کرنا ناروا سلوک ہے۔ جب ڈاکٹر اجازت دے اور وکیل آ جائے تو ہم PEACE کے مطابق منصوبہ بندی کریں گے: حقوق کی وضاحت، پہلے آزادانہ بیان، پھر کھلے سوالات اور آخر میں شہادت سے جانچ۔ عدالت میں وکیل کے بغیر اور دباؤ میں لیا گیا بیان خارج ہو جائے گا، اور اس سے ملنے والی شہادت پر بھی سوال اٹھے گا۔ ہیروئن پہلے ہی قانونی طریقے سے ضبط ہو چکی ہے؛ اقبالِ جرم کی خاطر پورا مقدمہ خطرے میں ڈالنا درست نہیں۔',
      },
    },
  },
  sw: {
    pre_test: {
      'arrest-grounds': { options: [2] },
      'judge-promptly': { truth: false },
      'detainee-rights': { options: [0, 1, 3] },
      'peace-account': { options: [1] },
      'custody-chain': { text: 'hati ya ukamataji mali' },
      'pretrial-detention': { options: [0] },
    },
    post_test: {
      'arrest-grounds': { options: [0] },
      'judge-promptly': { truth: false },
      'detainee-rights': { options: [0, 1, 2] },
      'peace-account': { options: [0] },
      'custody-chain': { text: 'mnyororo wa uhifadhi wa vielelezo' },
      'seal-error': { truth: false },
      'pretrial-detention': { options: [0] },
      'withdrawal-essay': {
        text: 'Nitakataa pendekezo hilo. "Mazungumzo" ndani ya gari ni mahojiano kamili, ila bila wakili na bila kumbukumbu. Mtuhumiwa tayari ameomba wakili, kwa hiyo hakuna swali lolote kuhusu kosa hadi wakili afike. Ana dalili za arosto, hivyo nitamwita daktari mara moja amfanyie uchunguzi wa kitabibu na atathmini kama anafaa kuhojiwa; muda, dalili na maoni ya daktari vitaandikwa kwenye daftari la mahabusu. Mtu aliye katika arosto atasema chochote ili mateso yaishe, kwa hiyo maelezo yake hayataaminika, na kutumia hali yake kama shinikizo ni kumtendea vibaya. Daktari akithibitisha kwamba anafaa na wakili akiwa amefika, tutapanga mahojiano ya PEACE: kueleza haki, maelezo huru kwanza, kisha maswali ya wazi na mwishowe kuwasilisha ushahidi. Mahakamani, maelezo yaliyopatikana bila wakili na kwa shinikizo yatakataliwa (Salduz dhidi ya Uturuki), na ushahidi unaotokana nayo utatiliwa shaka. Heroini tayari imekamatwa kihalali na kuandikwa kwenye hati ya ukamataji mali; hatupaswi kuhatarisha kesi nzima kwa ajili ya ungamo.',
      },
    },
  },
};
