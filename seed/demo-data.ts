import type { LocaleMap } from '@probity/i18n';
import type { AgencyType, PersonFunction, Role, Sex } from '@probity/identity';

/** Every demo account uses this password (README lists the accounts). */
export const DEMO_PASSWORD = 'probity-demo-2026';

export interface DemoAcademy {
  code: string;
  country: string;
  defaultLocale: string;
  timeZone: string;
  name: LocaleMap;
  /** Each person as described for reporting (sex, agency type, function), beside their agency's name and rank. */
  people: {
    key: string;
    fullName: string;
    roles: Role[];
    sex: Sex;
    agencyType: AgencyType;
    function: PersonFunction;
    agency: string;
    rank: string;
  }[];
}

export const DEMO_ACADEMIES: DemoAcademy[] = [
  {
    code: 'GE',
    country: 'GE',
    defaultLocale: 'ka',
    timeZone: 'Asia/Tbilisi',
    name: {
      en: 'Academy of the Ministry of Internal Affairs of Georgia',
      ka: 'საქართველოს შინაგან საქმეთა სამინისტროს აკადემია',
      ru: 'Академия Министерства внутренних дел Грузии',
      uk: 'Академія Міністерства внутрішніх справ Грузії',
      ur: 'جارجیا کی وزارتِ داخلہ کی اکیڈمی',
      sw: 'Chuo cha Wizara ya Mambo ya Ndani ya Georgia',
    },
    people: [
      {
        key: 'admin',
        fullName: 'ნინო ბერიძე',
        roles: ['academy_admin'],
        sex: 'female',
        agencyType: 'police',
        function: 'other',
        agency: 'MIA Academy',
        rank: 'Registrar',
      },
      {
        key: 'trainer',
        fullName: 'გიორგი კაპანაძე',
        roles: ['trainer'],
        sex: 'male',
        agencyType: 'police',
        function: 'trainer',
        agency: 'MIA Academy',
        rank: 'Senior Lecturer',
      },
      {
        key: 'learner1',
        fullName: 'თამარ ჯაფარიძე',
        roles: ['learner'],
        sex: 'female',
        agencyType: 'police',
        function: 'investigator',
        agency: 'Central Criminal Police Department',
        rank: 'Inspector',
      },
      {
        key: 'learner2',
        fullName: 'ლევან ლომიძე',
        roles: ['learner'],
        sex: 'male',
        agencyType: 'prosecution',
        function: 'prosecutor',
        agency: 'Prosecutor’s Office of Georgia',
        rank: 'Prosecutor',
      },
    ],
  },
  {
    code: 'UA',
    country: 'UA',
    defaultLocale: 'uk',
    timeZone: 'Europe/Kyiv',
    name: {
      en: 'National Academy of Internal Affairs of Ukraine',
      uk: 'Національна академія внутрішніх справ України',
      ru: 'Национальная академия внутренних дел Украины',
      ka: 'უკრაინის შინაგან საქმეთა ეროვნული აკადემია',
      ur: 'یوکرین کی قومی اکیڈمی برائے داخلی امور',
      sw: 'Chuo cha Taifa cha Mambo ya Ndani cha Ukraine',
    },
    people: [
      {
        key: 'admin',
        fullName: 'Олена Ковальчук',
        roles: ['academy_admin'],
        sex: 'female',
        agencyType: 'police',
        function: 'supervisor_manager',
        agency: 'NAIA',
        rank: 'Head of Registry',
      },
      {
        key: 'trainer',
        fullName: 'Андрій Мельник',
        roles: ['trainer'],
        sex: 'male',
        agencyType: 'police',
        function: 'trainer',
        agency: 'NAIA',
        rank: 'Associate Professor',
      },
      {
        key: 'learner1',
        fullName: 'Ірина Шевченко',
        roles: ['learner'],
        sex: 'female',
        agencyType: 'police',
        function: 'investigator',
        agency: 'National Police of Ukraine',
        rank: 'Senior Investigator',
      },
      {
        key: 'learner2',
        fullName: 'Богдан Ткаченко',
        roles: ['learner'],
        sex: 'male',
        agencyType: 'prosecution',
        function: 'prosecutor',
        agency: 'Office of the Prosecutor General',
        rank: 'Prosecutor',
      },
    ],
  },
  {
    code: 'KG',
    country: 'KG',
    defaultLocale: 'ru',
    timeZone: 'Asia/Bishkek',
    name: {
      en: 'Academy of the Ministry of Internal Affairs of the Kyrgyz Republic',
      ru: 'Академия МВД Кыргызской Республики',
      uk: 'Академія МВС Киргизької Республіки',
      ka: 'ყირგიზეთის რესპუბლიკის შსს აკადემია',
      ur: 'جمہوریہ کرغیزستان کی وزارتِ داخلہ کی اکیڈمی',
      sw: 'Chuo cha Wizara ya Mambo ya Ndani ya Jamhuri ya Kirigizi',
    },
    people: [
      {
        key: 'admin',
        fullName: 'Айгуль Садыкова',
        roles: ['academy_admin'],
        sex: 'female',
        agencyType: 'police',
        function: 'other',
        agency: 'MVD Academy',
        rank: 'Registrar',
      },
      {
        key: 'trainer',
        fullName: 'Бакыт Асанов',
        roles: ['trainer'],
        sex: 'male',
        agencyType: 'police',
        function: 'trainer',
        agency: 'MVD Academy',
        rank: 'Lecturer',
      },
      {
        key: 'learner1',
        fullName: 'Нурлан Токтогулов',
        roles: ['learner'],
        sex: 'male',
        agencyType: 'drug_control',
        function: 'intelligence_officer',
        agency: 'Service for Combating Drug Trafficking',
        rank: 'Major',
      },
      {
        key: 'learner2',
        fullName: 'Жылдыз Осмонова',
        roles: ['learner'],
        sex: 'female',
        agencyType: 'prosecution',
        function: 'prosecutor',
        agency: 'General Prosecutor’s Office',
        rank: 'Prosecutor',
      },
    ],
  },
  {
    code: 'PK',
    country: 'PK',
    defaultLocale: 'ur',
    timeZone: 'Asia/Karachi',
    name: {
      en: 'National Police Academy of Pakistan',
      ur: 'نیشنل پولیس اکیڈمی پاکستان',
      ru: 'Национальная полицейская академия Пакистана',
      uk: 'Національна поліцейська академія Пакистану',
      ka: 'პაკისტანის ეროვნული პოლიციის აკადემია',
      sw: 'Chuo cha Taifa cha Polisi cha Pakistan',
    },
    people: [
      {
        key: 'admin',
        fullName: 'عائشہ ملک',
        roles: ['academy_admin'],
        sex: 'female',
        agencyType: 'police',
        function: 'other',
        agency: 'National Police Academy',
        rank: 'Registrar',
      },
      {
        key: 'trainer',
        fullName: 'عمران قریشی',
        roles: ['trainer'],
        sex: 'male',
        agencyType: 'police',
        function: 'trainer',
        agency: 'National Police Academy',
        rank: 'Senior Instructor',
      },
      {
        key: 'learner1',
        fullName: 'فاطمہ احمد',
        roles: ['learner'],
        sex: 'female',
        agencyType: 'drug_control',
        function: 'analyst',
        agency: 'Anti-Narcotics Force',
        rank: 'Assistant Director',
      },
      {
        key: 'learner2',
        fullName: 'بلال حسین',
        roles: ['learner'],
        sex: 'male',
        agencyType: 'police',
        function: 'investigator',
        agency: 'Federal Investigation Agency',
        rank: 'Inspector',
      },
    ],
  },
  {
    code: 'TZ',
    country: 'TZ',
    defaultLocale: 'sw',
    timeZone: 'Africa/Dar_es_Salaam',
    name: {
      en: 'Tanzania Police Academy, Moshi',
      sw: 'Chuo cha Taaluma ya Polisi Tanzania, Moshi',
      ru: 'Полицейская академия Танзании, Моши',
      uk: 'Поліцейська академія Танзанії, Моші',
      ka: 'ტანზანიის პოლიციის აკადემია, მოში',
      ur: 'تنزانیہ پولیس اکیڈمی، موشی',
    },
    people: [
      {
        key: 'admin',
        fullName: 'Neema Mwakyusa',
        roles: ['academy_admin'],
        sex: 'female',
        agencyType: 'police',
        function: 'other',
        agency: 'Tanzania Police Academy',
        rank: 'Registrar',
      },
      {
        key: 'trainer',
        fullName: 'Juma Mrisho',
        roles: ['trainer'],
        sex: 'male',
        agencyType: 'police',
        function: 'trainer',
        agency: 'Tanzania Police Academy',
        rank: 'Instructor',
      },
      {
        key: 'learner1',
        fullName: 'Rehema Said',
        roles: ['learner'],
        sex: 'female',
        agencyType: 'drug_control',
        function: 'investigator',
        agency: 'Drug Control and Enforcement Authority',
        rank: 'Investigator',
      },
      {
        key: 'learner2',
        fullName: 'Baraka Mushi',
        roles: ['learner'],
        sex: 'male',
        agencyType: 'prosecution',
        function: 'prosecutor',
        agency: 'National Prosecutions Service',
        rank: 'State Attorney',
      },
    ],
  },
];

export function demoEmail(academyCode: string, key: string): string {
  return `${key}.${academyCode.toLowerCase()}@probity.demo`;
}
