import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { CertificateLocale, CertificateText, CertificateView } from '@probity/certificates';

/** Realistic certificates in every locale, for the tests, the snapshots and the bench. */

const PUBLIC_URL = 'https://probity.example.org';

interface Texts extends CertificateText {
  title: string;
}

const TEXTS: Record<CertificateLocale, Texts> = {
  en: {
    locale: 'en',
    direction: 'ltr',
    title: 'Certificate of completion',
    heading: 'Certificate of Completion',
    academyName: 'Riverton Academy of Investigative Practice',
    holderName: 'Margaret O’Connell-Whitfield',
    statement: 'has successfully completed the course',
    courseTitle: 'Investigating without coercion: the NAPOR course',
    details: [
      { label: 'Cohort', value: 'Spring 2026, Group B' },
      { label: 'Dates', value: '12 January – 6 March 2026' },
      { label: 'Hours', value: '40 hours' },
      { label: 'Result', value: 'Passed with distinction (92%)' },
      { label: 'Course version', value: '3.2' },
      { label: 'Serial number', value: '' },
    ],
    signatories: [
      { name: 'Dr Helen Ashworth', title: 'Director of Training' },
      { name: 'Inspector Samuel Okafor', title: 'Course Lead' },
    ],
    verifyLabel: 'Verify this certificate at',
  },
  ru: {
    locale: 'ru',
    direction: 'ltr',
    title: 'Сертификат об окончании курса',
    heading: 'Сертификат об окончании курса',
    academyName: 'Академия следственной практики',
    holderName: 'Дмитрий Сергеевич Волков',
    statement: 'успешно завершил курс',
    courseTitle: 'Расследование без принуждения: курс NAPOR',
    details: [
      { label: 'Поток', value: 'Весна 2026, группа Б' },
      { label: 'Даты', value: '12 января — 6 марта 2026 г.' },
      { label: 'Объём', value: '40 часов' },
      { label: 'Результат', value: 'Зачтено с отличием (92 %)' },
      { label: 'Версия курса', value: '3.2' },
      { label: 'Серийный номер', value: '' },
    ],
    signatories: [
      { name: 'Анна Викторовна Лебедева', title: 'Директор по обучению' },
      { name: 'Юрий Павлович Щербаков', title: 'Руководитель курса' },
    ],
    verifyLabel: 'Проверить подлинность:',
  },
  uk: {
    locale: 'uk',
    direction: 'ltr',
    title: 'Сертифікат про проходження курсу',
    heading: 'Сертифікат про проходження курсу',
    academyName: 'Київська академія слідчої практики',
    holderName: 'Олена Коваленко',
    statement: 'успішно завершила курс',
    courseTitle: 'Розслідування без примусу: курс NAPOR',
    details: [
      { label: 'Потік', value: 'Весна 2026, група Б' },
      { label: 'Дати', value: '12 січня — 6 березня 2026 р.' },
      { label: 'Обсяг', value: '40 годин' },
      { label: 'Результат', value: 'Зараховано з відзнакою (92 %)' },
      { label: 'Версія курсу', value: '3.2' },
      { label: 'Серійний номер', value: '' },
    ],
    signatories: [
      { name: 'Ігор Ґалаґан', title: 'Директор з навчання' },
      { name: 'Євгенія Мороз', title: 'Керівниця курсу' },
    ],
    verifyLabel: 'Перевірити справжність:',
  },
  ka: {
    locale: 'ka',
    direction: 'ltr',
    title: 'დასრულების სერტიფიკატი',
    heading: 'დასრულების სერტიფიკატი',
    academyName: 'საგამოძიებო პრაქტიკის აკადემია',
    holderName: 'ნინო ბერიძე',
    statement: 'წარმატებით დაასრულა კურსი',
    courseTitle: 'გამოძიება იძულების გარეშე: NAPOR-ის კურსი',
    details: [
      { label: 'ნაკადი', value: 'გაზაფხული 2026, ჯგუფი B' },
      { label: 'თარიღები', value: '12 იანვარი — 6 მარტი 2026' },
      { label: 'მოცულობა', value: '40 საათი' },
      { label: 'შედეგი', value: 'ჩაბარებულია წარჩინებით (92%)' },
      { label: 'კურსის ვერსია', value: '3.2' },
      { label: 'სერიული ნომერი', value: '' },
    ],
    signatories: [
      { name: 'გიორგი მაისურაძე', title: 'სწავლების დირექტორი' },
      { name: 'თამარ ჯაფარიძე', title: 'კურსის ხელმძღვანელი' },
    ],
    verifyLabel: 'გადაამოწმეთ მისამართზე:',
  },
  ur: {
    locale: 'ur',
    direction: 'rtl',
    title: 'تکمیل کی سند',
    heading: 'تکمیل کی سند',
    academyName: 'تفتیشی تربیت کی اکیڈمی، لاہور',
    holderName: 'عائشہ خان',
    statement: 'نے کورس کامیابی سے مکمل کیا',
    courseTitle: 'جبر کے بغیر تفتیش: NAPOR کورس',
    details: [
      { label: 'گروپ', value: 'بہار ۲۰۲۶، گروپ ب' },
      { label: 'تاریخیں', value: '۱۲ جنوری تا ۶ مارچ ۲۰۲۶' },
      { label: 'دورانیہ', value: '۴۰ گھنٹے' },
      { label: 'نتیجہ', value: 'امتیاز کے ساتھ کامیاب (۹۲٪)' },
      { label: 'کورس کا ورژن', value: '3.2' },
      { label: 'سیریل نمبر', value: '' },
    ],
    signatories: [
      { name: 'ڈاکٹر فرح ناز', title: 'ڈائریکٹر تربیت' },
      { name: 'انسپکٹر علی رضا', title: 'کورس کے نگران' },
    ],
    verifyLabel: 'اس سند کی تصدیق کریں:',
  },
  sw: {
    locale: 'sw',
    direction: 'ltr',
    title: 'Cheti cha Kuhitimu',
    heading: 'Cheti cha Kuhitimu',
    academyName: 'Chuo cha Mafunzo ya Upelelezi, Dodoma',
    holderName: 'Amani Wanjiru Mwangi',
    statement: 'amehitimu kozi kwa mafanikio',
    courseTitle: 'Kuchunguza bila kulazimisha: kozi ya NAPOR',
    details: [
      { label: 'Kundi', value: 'Masika 2026, Kundi B' },
      { label: 'Tarehe', value: '12 Januari – 6 Machi 2026' },
      { label: 'Muda', value: 'Saa 40' },
      { label: 'Matokeo', value: 'Amefaulu kwa heshima (92%)' },
      { label: 'Toleo la kozi', value: '3.2' },
      { label: 'Nambari ya cheti', value: '' },
    ],
    signatories: [
      { name: 'Dkt. Neema Mollel', title: 'Mkurugenzi wa Mafunzo' },
      { name: 'Inspekta Baraka Mushi', title: 'Kiongozi wa Kozi' },
    ],
    verifyLabel: 'Thibitisha cheti hiki kwenye:',
  },
};

/** The holder, the academy and the signatories in Latin letters, for the English half of a bilingual certificate. */
const IN_LATIN: Partial<Record<CertificateLocale, { holderName: string; academyName: string; signatories: string[] }>> = {
  ka: {
    holderName: 'Nino Beridze',
    academyName: 'Academy of Investigative Practice',
    signatories: ['Giorgi Maisuradze', 'Tamar Japaridze'],
  },
  ur: {
    holderName: 'Ayesha Khan',
    academyName: 'Academy of Investigative Training, Lahore',
    signatories: ['Dr Farah Naz', 'Inspector Ali Raza'],
  },
  ru: { holderName: 'Dmitry Volkov', academyName: 'Academy of Investigative Practice', signatories: ['Anna Lebedeva', 'Yuri Shcherbakov'] },
  uk: {
    holderName: 'Olena Kovalenko',
    academyName: 'Kyiv Academy of Investigative Practice',
    signatories: ['Ihor Halahan', 'Yevheniia Moroz'],
  },
};

export interface SampleOptions {
  holderName?: string;
  serialNumber?: number;
  /** A second language shown under the first (bilingual certificate). */
  second?: CertificateLocale;
  emblem?: boolean;
}

export function sampleCertificate(locale: CertificateLocale, options: SampleOptions = {}): CertificateView {
  const serial = `PRB-2026-${String(options.serialNumber ?? 417).padStart(6, '0')}`;
  const code = verificationCode(serial);
  const main = withSerial(TEXTS[locale], serial, options.holderName);
  const { title, ...text } = main;
  return {
    ...text,
    emblem: options.emblem === false ? undefined : sampleEmblem(),
    verifyUrl: `${PUBLIC_URL}/verify/${code}`,
    qrPayload: `${PUBLIC_URL}/verify/${code}#${createHash('sha512').update(serial).digest('base64url')}`,
    serial,
    code,
    second: options.second ? secondLanguage(locale, options.second, serial) : undefined,
    metadata: {
      title: `${title} — ${text.holderName}`,
      author: text.academyName,
      subject: text.courseTitle,
      keywords: `${serial}, ${code}`,
    },
  };
}

function withSerial(texts: Texts, serial: string, holderName?: string): Texts {
  const details = texts.details.map((detail) => (detail.value === '' ? { ...detail, value: serial } : detail));
  return { ...texts, details, holderName: holderName ?? texts.holderName };
}

function secondLanguage(locale: CertificateLocale, second: CertificateLocale, serial: string): CertificateText {
  const { title: _title, ...text } = withSerial(TEXTS[second], serial);
  const latin = IN_LATIN[locale];
  if (!latin) return text;
  const signatories = text.signatories.map((signatory, i) => ({ ...signatory, name: latin.signatories[i] ?? signatory.name }));
  return { ...text, holderName: latin.holderName, academyName: latin.academyName, signatories };
}

function verificationCode(serial: string): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const digest = createHash('sha256').update(serial).digest();
  const chars = [...digest.subarray(0, 12)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Names for the bench: every call gives another one, so that no name is shaped twice. */
const GIVEN: Record<CertificateLocale, string[]> = {
  en: ['Margaret', 'Thomas', 'Priya', 'Daniel', 'Grace', 'Oliver', 'Fatima', 'Liam', 'Chloe', 'Samuel', 'Aisha', 'Henry', 'Ruth'],
  ru: ['Дмитрий', 'Анна', 'Сергей', 'Ольга', 'Михаил', 'Екатерина', 'Алексей', 'Наталья', 'Иван', 'Юлия', 'Павел', 'Мария', 'Глеб'],
  uk: ['Олена', 'Тарас', 'Ірина', 'Богдан', 'Оксана', 'Ярослав', 'Марія', 'Андрій', 'Галина', 'Ігор', 'Софія', 'Юрій', 'Євгенія'],
  ka: ['ნინო', 'გიორგი', 'თამარ', 'ლევან', 'მარიამ', 'დავით', 'ანა', 'ირაკლი', 'ეკა', 'ნიკა', 'სალომე', 'ზურაბ', 'ქეთევან'],
  ur: ['عائشہ', 'محمد', 'فاطمہ', 'علی', 'زینب', 'عمران', 'مریم', 'حسن', 'صبا', 'بلال', 'نادیہ', 'کامران', 'ثنا'],
  sw: ['Amani', 'Neema', 'Baraka', 'Zawadi', 'Juma', 'Imani', 'Hamisi', 'Rehema', 'Salim', 'Upendo', 'Tumaini', 'Faraji', 'Asha'],
};
const FAMILY: Record<CertificateLocale, string[]> = {
  en: ['Whitfield', 'Okafor', 'Ashworth', 'Patel', 'Brennan', 'Kowalski', 'Nakamura', 'Fletcher', 'Osei', 'Lindqvist', 'Moreau'],
  ru: ['Волков', 'Лебедева', 'Щербаков', 'Соколова', 'Кузнецов', 'Морозова', 'Попов', 'Васильева', 'Фёдоров', 'Егорова', 'Жуков'],
  uk: ['Коваленко', 'Ґалаґан', 'Шевченко', 'Бондар', 'Ткаченко', 'Мельник', 'Кравець', 'Олійник', 'Поліщук', 'Лисенко', 'Їжак'],
  ka: ['ბერიძე', 'მაისურაძე', 'ჯაფარიძე', 'კაპანაძე', 'გელაშვილი', 'ლომიძე', 'ხარაიშვილი', 'წიკლაური', 'ჩხეიძე', 'ტაბატაძე', 'ქავთარაძე'],
  ur: ['خان', 'چوہدری', 'قریشی', 'ملک', 'بٹ', 'شیخ', 'رضوی', 'اعوان', 'ہاشمی', 'صدیقی', 'گیلانی'],
  sw: ['Mwangi', 'Mollel', 'Mushi', 'Kimaro', 'Otieno', 'Njoroge', 'Massawe', 'Wanjiku', 'Shirima', 'Lyimo', 'Akinyi'],
};

/** The n-th of many distinct names (given, middle, family, then a double-barrelled family). */
export function sampleName(locale: CertificateLocale, n: number): string {
  const given = GIVEN[locale];
  const family = FAMILY[locale];
  const digits = [given.length, given.length, family.length, family.length];
  const [first, middle, last, extra] = digits.map((base, i) => Math.floor(n / digits.slice(0, i).reduce((a, b) => a * b, 1)) % base);
  const surname = n < given.length * given.length * family.length ? family[last] : `${family[last]}-${family[extra]}`;
  return `${given[first]} ${given[middle]} ${surname}`;
}

// ---------------------------------------------------------------- a generated emblem

let emblem: Buffer | undefined;

/** A 256 px round seal with a transparent background, as an academy might upload. */
export function sampleEmblem(): Buffer {
  emblem ??= encodePng(256, 256, sealPixel);
  return emblem;
}

export type Rgba = [number, number, number, number];

function sealPixel(x: number, y: number): Rgba {
  const samples: Rgba[] = [];
  for (const dx of [0.25, 0.75]) for (const dy of [0.25, 0.75]) samples.push(sealSample(x + dx - 128, y + dy - 128));
  return [0, 1, 2, 3].map((channel) => Math.round(samples.reduce((sum, sample) => sum + sample[channel], 0) / samples.length)) as Rgba;
}

function sealSample(x: number, y: number): Rgba {
  const navy: Rgba = [31, 58, 95, 255];
  const gold: Rgba = [176, 137, 64, 255];
  const white: Rgba = [255, 255, 255, 255];
  const r = Math.hypot(x, y);
  if (r > 126) return [0, 0, 0, 0];
  if (r > 116) return gold;
  if (r > 112) return white;
  if (r > 84) return navy;
  if (r > 80) return gold;
  return inStar(x, y) ? gold : navy;
}

const STAR = starPolygon(66, 27);

function starPolygon(outer: number, inner: number): [number, number][] {
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return [radius * Math.cos(angle), radius * Math.sin(angle) + 6];
  });
}

function inStar(x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = STAR.length - 1; i < STAR.length; j = i++) {
    const [xi, yi] = STAR[i];
    const [xj, yj] = STAR[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A minimal PNG encoder (RGBA, 8 bits, no filtering), enough for test images. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    for (let x = 0; x < width; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
