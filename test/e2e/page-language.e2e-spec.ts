import { academyFactory, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const htmlLang = (html: string): string | undefined => /<html lang="([a-z]{2})" dir="(ltr|rtl)"/.exec(html)?.slice(1, 3).join(' ');

/**
 * Issue 17 point 1: every page, public ones included, is in the signed-in person's language unless they picked another
 * in the language bar; anonymous visitors get the bar's choice, then the browser's.
 */
describe('the language of every page', () => {
  let t: TestApp;
  let learner: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp();
    const academy = await academyFactory(t.app, { code: 'LNG', defaultLocale: 'ur' });
    learner = await userFactory(t.app, { academyId: academy.id, locale: 'ur' });
  });
  afterAll(() => t.close());

  it('public pages follow the signed-in person’s own language over the browser’s', async () => {
    const visitor = new Visitor(t);
    await visitor.login(learner.email, learner.password);
    for (const path of ['/verify', '/verify/ABCD1234EF', '/privacy', '/privacy/LNG', '/dashboard'])
      expect([path, htmlLang((await visitor.get(path, { 'accept-language': 'en-GB,en;q=0.9' })).text)]).toEqual([path, 'ur rtl']);
  });

  it('the language bar’s choice wins over the person’s own, on public and signed-in pages alike', async () => {
    const visitor = new Visitor(t);
    await visitor.login(learner.email, learner.password);
    expect(htmlLang((await visitor.get('/verify?lang=ka', { 'accept-language': 'en' })).text)).toBe('ka ltr');
    for (const path of ['/verify', '/privacy', '/dashboard'])
      expect([path, htmlLang((await visitor.get(path, { 'accept-language': 'en' })).text)]).toEqual([path, 'ka ltr']);
  });

  it('anonymous visitors get the bar’s choice, then the browser’s', async () => {
    const anonymous = new Visitor(t);
    expect(htmlLang((await anonymous.get('/verify', { 'accept-language': 'ru-RU,ru;q=0.9' })).text)).toBe('ru ltr');
    expect(htmlLang((await anonymous.get('/verify?lang=uk', { 'accept-language': 'ru' })).text)).toBe('uk ltr');
    expect(htmlLang((await anonymous.get('/privacy', { 'accept-language': 'ru' })).text)).toBe('uk ltr');
    // A cookie that names no live session changes nothing.
    const stale = new Visitor(t);
    expect(htmlLang((await stale.get('/verify', { 'accept-language': 'sw', cookie: 'probity_session=not-a-session' })).text)).toBe(
      'sw ltr',
    );
  });
});
