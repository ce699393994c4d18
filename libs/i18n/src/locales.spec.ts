import { direction, fromAcceptLanguage, fromZonedLocal, negotiate, pick, zonedDate, zonedLocalInput } from './locales';

describe('locale negotiation', () => {
  it('reads Accept-Language by quality and ignores what Probity does not speak', () => {
    expect(fromAcceptLanguage('fr-FR,fr;q=0.9,ka;q=0.8,en;q=0.7')).toBe('ka');
    expect(fromAcceptLanguage('en;q=0.1, ur-PK')).toBe('ur');
    expect(fromAcceptLanguage('de, fr')).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
    expect(fromAcceptLanguage('sw;q=0, uk')).toBe('uk');
  });
  it('takes the first supported preference, else English', () => {
    expect(negotiate(undefined, 'xx', 'ru')).toBe('ru');
    expect(negotiate(null, undefined)).toBe('en');
  });
  it('writes Urdu right to left and the others left to right', () => {
    expect(direction('ur')).toBe('rtl');
    expect(['en', 'ru', 'ka', 'uk', 'sw'].map((l) => direction(l as never))).toEqual(['ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
  });
  it('falls back requested -> cohort -> academy -> en, and says so', () => {
    const map = { en: 'Chain of custody', ka: 'მტკიცებულებათა შენახვის ჯაჭვი', ru: 'Цепочка хранения' };
    expect(pick(map, 'ka')).toEqual({ text: map.ka, locale: 'ka', fellBack: false });
    expect(pick(map, 'uk', 'ru')).toEqual({ text: map.ru, locale: 'ru', fellBack: true });
    expect(pick(map, 'ur', undefined, 'sw')).toEqual({ text: map.en, locale: 'en', fellBack: true });
    expect(pick({ sw: 'Mnyororo' }, 'ur')).toEqual({ text: 'Mnyororo', locale: 'sw', fellBack: true });
  });
});

describe('time zones', () => {
  it('turns a wall-clock time of a zone into the instant and back', () => {
    expect(fromZonedLocal('2027-03-01T09:00', 'Asia/Tbilisi')?.toISOString()).toBe('2027-03-01T05:00:00.000Z');
    expect(fromZonedLocal('2027-07-01T09:00', 'Europe/Kyiv')?.toISOString()).toBe('2027-07-01T06:00:00.000Z'); // summer time
    expect(fromZonedLocal('2027-01-01T09:00', 'Europe/Kyiv')?.toISOString()).toBe('2027-01-01T07:00:00.000Z');
    expect(fromZonedLocal('2027-01-01T09:00', 'UTC')?.toISOString()).toBe('2027-01-01T09:00:00.000Z');
    expect(zonedLocalInput(new Date('2027-03-01T05:00:00Z'), 'Asia/Tbilisi')).toBe('2027-03-01T09:00');
    expect(fromZonedLocal('not a time', 'UTC')).toBeUndefined();
  });

  it('dates an instant in the zone: 1 January in Tbilisi while it is still 31 December in UTC', () => {
    expect(zonedDate(new Date('2026-12-31T21:30:00Z'), 'Asia/Tbilisi')).toBe('2027-01-01');
    expect(zonedDate(new Date('2026-12-31T21:30:00Z'), 'UTC')).toBe('2026-12-31');
  });
});
