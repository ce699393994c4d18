import { direction, fromAcceptLanguage, negotiate, pick } from './locales';

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
