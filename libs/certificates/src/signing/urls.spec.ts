import { achievementUrl, issuerUrl, keyUrl, statusListUrl } from './urls';

describe('public URLs', () => {
  it('hang off the public origin, with or without a trailing slash or a base path', () => {
    expect(issuerUrl('https://probity.example', 'GE')).toBe('https://probity.example/academies/GE');
    expect(issuerUrl('https://probity.example/', 'GE')).toBe('https://probity.example/academies/GE');
    expect(keyUrl('https://probity.example', 'GE', 'GE-2026a')).toBe('https://probity.example/academies/GE/keys/GE-2026a');
    expect(statusListUrl('https://example.org/probity/', 'UA')).toBe('https://example.org/probity/status/UA');
    expect(achievementUrl('http://localhost:3000', 'v1')).toBe('http://localhost:3000/achievements/v1');
  });

  it('refuse anything but http(s)', () => {
    expect(() => issuerUrl('ftp://probity.example', 'GE')).toThrow(TypeError);
    expect(() => issuerUrl('not a url', 'GE')).toThrow();
  });
});
