import { daysBetween, missionDays } from './missions.service';
import { newParticipationCode, normalizeParticipationCode } from './participation.service';

describe('codes of certificates of participation', () => {
  it('are TAP- and two groups of four unambiguous characters, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newParticipationCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^TAP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('read as typed: any case, spaces or no hyphens, O for 0 and I or L for 1; anything else is no code', () => {
    expect(normalizeParticipationCode('tap-7kq4-m9xt')).toBe('TAP-7KQ4-M9XT');
    expect(normalizeParticipationCode(' TAP 7KQ4 M9XT ')).toBe('TAP-7KQ4-M9XT');
    expect(normalizeParticipationCode('TAP7KQ4M9XT')).toBe('TAP-7KQ4-M9XT');
    expect(normalizeParticipationCode('TAP-O1L0-IIII')).toBe('TAP-0110-1111');
    expect(normalizeParticipationCode('TAP-7KQ4-M9X')).toBeNull();
    expect(normalizeParticipationCode('TAP-7KQ4-M9XU')).toBeNull();
    expect(normalizeParticipationCode('TAF-7KQ4-M9XT')).toBeNull();
    for (let i = 0; i < 50; i++) {
      const code = newParticipationCode();
      expect(normalizeParticipationCode(code.toLowerCase())).toBe(code);
    }
  });
});

describe('a mission’s days', () => {
  it('count both ends, across months and a leap day', () => {
    expect(daysBetween('2027-05-10', '2027-05-12')).toBe(3);
    expect(daysBetween('2027-05-10', '2027-05-10')).toBe(1);
    expect(missionDays('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(missionDays('2027-12-31', '2028-01-01')).toEqual(['2027-12-31', '2028-01-01']);
  });
});
