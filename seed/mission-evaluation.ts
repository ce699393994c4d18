import { MISSION_EVALUATION_CODE } from '@probity/assistance';
import type { StandardTemplate, SurveyItemInput, SurveyScale, SurveysService } from '@probity/evaluation';
import type { LocaleMap } from '@probity/i18n';

const likert = (scale: SurveyScale, text: LocaleMap): SurveyItemInput => ({ type: 'likert', scale, text, options: null, required: true });
const open = (text: LocaleMap): SurveyItemInput => ({ type: 'open_text', scale: null, text, options: null, required: false });

/**
 * The standard evaluation of a mission of the Technical Assistance Facility (issue 14 point 5), in its six languages:
 * one template for its three kinds of respondent (participants, experts, the host institution), whose answers are kept
 * apart by kind. Eight statements on a five-step agreement scale (relevance to the institution's needs, the quality of
 * the expertise, how practicable the recommendations are, the organisation, overall worth) and one open question.
 */
export const MISSION_EVALUATION: StandardTemplate = {
  code: MISSION_EVALUATION_CODE,
  kind: 'mission',
  title: {
    en: 'Evaluation of a technical assistance mission',
    ru: 'Оценка миссии технической помощи',
    ka: 'ტექნიკური დახმარების მისიის შეფასება',
    uk: 'Оцінювання місії технічної допомоги',
    ur: 'تکنیکی معاونت کے مشن کا جائزہ',
    sw: 'Tathmini ya ujumbe wa msaada wa kitaalamu',
  },
  intro: {
    en: 'This short questionnaire is for everyone who took part in the mission: participants, the experts and the host institution. It takes about three minutes. Your answers are stored without your name and are shown only together with those of at least two other people in the same role. For each statement, choose how far you agree with it.',
    ru: 'Эта короткая анкета предназначена для всех, кто участвовал в миссии: участников, экспертов и принимающего учреждения. Она займёт около трёх минут. Ответы хранятся без вашего имени и показываются только вместе с ответами как минимум ещё двух человек в той же роли. Для каждого утверждения отметьте, насколько вы с ним согласны.',
    ka: 'ეს მოკლე კითხვარი განკუთვნილია მისიის ყველა მონაწილისთვის: მონაწილეებისთვის, ექსპერტებისთვის და მასპინძელი დაწესებულებისთვის. მის შევსებას დაახლოებით სამი წუთი დასჭირდება. პასუხები ინახება თქვენი სახელის გარეშე და ჩანს მხოლოდ იმავე როლის სულ მცირე კიდევ ორი ადამიანის პასუხებთან ერთად. თითოეულ დებულებასთან მონიშნეთ, რამდენად ეთანხმებით მას.',
    uk: 'Ця коротка анкета призначена для всіх, хто брав участь у місії: учасників, експертів і приймаючої установи. Вона забере близько трьох хвилин. Відповіді зберігаються без вашого імені й показуються лише разом із відповідями щонайменше ще двох людей у тій самій ролі. Для кожного твердження позначте, наскільки ви з ним погоджуєтеся.',
    ur: 'یہ مختصر سوالنامہ مشن میں شریک ہر فرد کے لیے ہے: شرکا، ماہرین اور میزبان ادارہ۔ اسے پُر کرنے میں تقریباً تین منٹ لگیں گے۔ آپ کے جوابات آپ کے نام کے بغیر محفوظ کیے جاتے ہیں اور صرف اسی کردار کے کم از کم دو دیگر افراد کے جوابات کے ساتھ ملا کر دکھائے جاتے ہیں۔ ہر بیان کے بارے میں بتائیں کہ آپ اس سے کس حد تک متفق ہیں۔',
    sw: 'Dodoso hili fupi ni kwa kila aliyeshiriki katika ujumbe: washiriki, wataalamu na taasisi mwenyeji. Litachukua takriban dakika tatu. Majibu yako huhifadhiwa bila jina lako na huonyeshwa tu pamoja na majibu ya angalau watu wengine wawili wenye nafasi ile ile. Kwa kila kauli, chagua kiwango unachokubaliana nayo.',
  },
  items: [
    likert('relevance', {
      en: 'The mission addressed needs that the host institution actually has.',
      ru: 'Миссия была посвящена тем потребностям, которые у принимающего учреждения действительно есть.',
      ka: 'მისია ეხებოდა იმ საჭიროებებს, რომლებიც მასპინძელ დაწესებულებას რეალურად აქვს.',
      uk: 'Місія стосувалася тих потреб, які приймаюча установа справді має.',
      ur: 'مشن نے اُن ضروریات پر توجہ دی جو میزبان ادارے کو واقعی درپیش ہیں۔',
      sw: 'Ujumbe ulishughulikia mahitaji ambayo taasisi mwenyeji inayo kweli.',
    }),
    likert('relevance', {
      en: 'The topics covered matched the priorities set out in the request for assistance.',
      ru: 'Рассмотренные темы соответствовали приоритетам, указанным в запросе на помощь.',
      ka: 'განხილული თემები შეესაბამებოდა დახმარების მოთხოვნაში მითითებულ პრიორიტეტებს.',
      uk: 'Розглянуті теми відповідали пріоритетам, визначеним у запиті на допомогу.',
      ur: 'جن موضوعات پر بات ہوئی وہ معاونت کی درخواست میں بیان کردہ ترجیحات کے مطابق تھے۔',
      sw: 'Mada zilizoshughulikiwa zililingana na vipaumbele vilivyoainishwa katika ombi la msaada.',
    }),
    likert('trainers', {
      en: 'The experts knew their subject and how it works in practice.',
      ru: 'Эксперты хорошо знали свой предмет и то, как он применяется на практике.',
      ka: 'ექსპერტები კარგად იცნობდნენ თავიანთ სფეროს და მის პრაქტიკულ გამოყენებას.',
      uk: 'Експерти добре знали свій предмет і те, як він застосовується на практиці.',
      ur: 'ماہرین اپنے موضوع سے اور اس بات سے بخوبی واقف تھے کہ عملی طور پر یہ کیسے کام کرتا ہے۔',
      sw: 'Wataalamu waliielewa vyema fani yao na jinsi inavyotekelezwa kwa vitendo.',
    }),
    likert('trainers', {
      en: 'The experts adapted their advice to the country’s law and to the way its institutions work.',
      ru: 'Эксперты учитывали в своих советах законодательство страны и то, как работают её учреждения.',
      ka: 'ექსპერტები თავიანთ რჩევებს ქვეყნის კანონმდებლობასა და მისი დაწესებულებების მუშაობის წესს უსადაგებდნენ.',
      uk: 'Експерти враховували у своїх порадах законодавство країни та те, як працюють її установи.',
      ur: 'ماہرین نے اپنے مشورے ملک کے قانون اور اس کے اداروں کے طریقۂ کار کے مطابق ڈھالے۔',
      sw: 'Wataalamu walirekebisha ushauri wao kulingana na sheria za nchi na jinsi taasisi zake zinavyofanya kazi.',
    }),
    likert('content', {
      en: 'The recommendations can be put into practice with the staff and resources available.',
      ru: 'Рекомендации можно выполнить силами имеющихся сотрудников и с имеющимися ресурсами.',
      ka: 'რეკომენდაციების შესრულება შესაძლებელია არსებული თანამშრომლებითა და რესურსებით.',
      uk: 'Рекомендації можна виконати силами наявних працівників і з наявними ресурсами.',
      ur: 'دستیاب عملے اور وسائل کے ساتھ ان سفارشات پر عمل کیا جا سکتا ہے۔',
      sw: 'Mapendekezo yanaweza kutekelezwa kwa watumishi na rasilimali zilizopo.',
    }),
    likert('content', {
      en: 'The recommendations say clearly who should do what, and by when.',
      ru: 'В рекомендациях ясно сказано, кто, что и к какому сроку должен сделать.',
      ka: 'რეკომენდაციებში ნათლად წერია, ვინ რა უნდა გააკეთოს და რა ვადაში.',
      uk: 'У рекомендаціях чітко сказано, хто, що і до якого терміну має зробити.',
      ur: 'سفارشات میں واضح طور پر بتایا گیا ہے کہ کس نے کیا اور کب تک کرنا ہے۔',
      sw: 'Mapendekezo yanaeleza wazi nani afanye nini, na kufikia lini.',
    }),
    likert('organisation', {
      en: 'The mission was well organised: the agenda, the timing, the venue or connection, and the interpretation.',
      ru: 'Миссия была хорошо организована: программа, время, место проведения или связь, устный перевод.',
      ka: 'მისია კარგად იყო ორგანიზებული: დღის წესრიგი, დრო, ჩატარების ადგილი ან კავშირი და თარგმანი.',
      uk: 'Місію було добре організовано: програма, час, місце проведення або зв’язок, усний переклад.',
      ur: 'مشن کا انتظام اچھا تھا: ایجنڈا، اوقات، مقام یا آن لائن رابطہ، اور ترجمانی۔',
      sw: 'Ujumbe uliandaliwa vizuri: ratiba, muda, ukumbi au muunganisho wa mtandao, na ukalimani.',
    }),
    likert('overall', {
      en: 'Overall, the mission was worth the time that the host institution and its staff gave to it.',
      ru: 'В целом миссия оправдала время, которое уделили ей принимающее учреждение и его сотрудники.',
      ka: 'საერთო ჯამში, მისიამ გაამართლა ის დრო, რომელიც მასპინძელმა დაწესებულებამ და მისმა თანამშრომლებმა დაუთმეს.',
      uk: 'Загалом місія виправдала час, який приділили їй приймаюча установа та її працівники.',
      ur: 'مجموعی طور پر، یہ مشن اُس وقت کے قابل تھا جو میزبان ادارے اور اس کے عملے نے اسے دیا۔',
      sw: 'Kwa ujumla, ujumbe ulistahili muda ambao taasisi mwenyeji na watumishi wake waliutoa.',
    }),
    open({
      en: 'What should change in the next mission of this kind?',
      ru: 'Что следует изменить в следующей подобной миссии?',
      ka: 'რა უნდა შეიცვალოს მომდევნო მსგავს მისიაში?',
      uk: 'Що варто змінити в наступній подібній місії?',
      ur: 'اس نوعیت کے اگلے مشن میں کیا تبدیلی ہونی چاہیے؟',
      sw: 'Ni nini kibadilike katika ujumbe ujao wa aina hii?',
    }),
  ],
};

/**
 * The standard mission evaluation, on every database (demo or not): the server's start-up calls this under the seed's
 * advisory lock, and it creates the template once, under its code. True when it was created now.
 */
export function seedStandardMissionEvaluation(surveys: Pick<SurveysService, 'ensureStandard'>): Promise<boolean> {
  return surveys.ensureStandard(MISSION_EVALUATION);
}
