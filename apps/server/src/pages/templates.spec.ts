import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Issue 17 point 3, what axe cannot see in every page: the rules below hold in every Handlebars template under
 * apps/server/views, read as text (no rendering), so that a page no crawl reaches keeps them too.
 *
 * - every `<table>` has a `<caption>` before its first row or section;
 * - every `<th>` has `scope`;
 * - every `.table-wrap` (a scrollable wrapper) can be reached by keyboard and has a name: `tabindex="0"`,
 *   `role="region"`, and `aria-label` or `aria-labelledby` naming an id of the same template;
 * - every field error (an element of class `error`) has an id, and a control of the same template is marked
 *   `aria-invalid` and names that id in its `aria-describedby`; an error about a whole form is a `role="alert"` block;
 * - every `<svg>` (here, and in the page helpers that draw charts) is `role="img"` with `aria-label`/`aria-labelledby`,
 *   or `aria-hidden="true"` (its figures then belong in a table beside it: not checked here);
 * - every `<img>` has `alt`.
 *
 * A justified exception carries `{{!-- a11y: <reason> --}}` on the line where the element starts.
 */

const VIEWS = join(__dirname, '..', '..', 'views');
/** Where charts are drawn as SVG strings in code rather than in a template. */
const CHART_SOURCES = ['reports-svg.ts', 'indicators-svg.ts'].map((f) => join(__dirname, f));

const OPT_OUT = /\{\{!--\s*a11y:\s*\S[^]*?--\}\}/;

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? templates(join(dir, entry.name)) : entry.name.endsWith('.hbs') ? [join(dir, entry.name)] : [],
    )
    .sort();
}

/** The template without what is not markup: Handlebars comments and `<style>` blocks, blanked so that offsets stay. */
function markup(text: string): string {
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  return text.replace(/\{\{!--[^]*?--\}\}|\{\{![^]*?\}\}/g, blank).replace(/<style\b[^]*?<\/style>/gi, blank);
}

/** Start tags: `<name ...>`; Handlebars inside a tag (`{{#if x}} attr{{/if}}`) is read whole, whatever it holds. */
const TAG = /<([a-z][a-z0-9]*)\b((?:[^>{]|\{\{[^}]*\}\}|\{)*)>/gi;

interface Tag {
  name: string;
  attrs: string;
  offset: number;
  length: number;
}

function tags(text: string): Tag[] {
  return [...text.matchAll(TAG)].map((m) => ({ name: m[1].toLowerCase(), attrs: m[2], offset: m.index, length: m[0].length }));
}

/** Every value of an attribute in a tag (`{{#if a}} x="1"{{else}} x="2"{{/if}}` has two). */
const attrs = (tag: Tag, name: string): string[] =>
  // A value may hold Handlebars with quotes of its own: `aria-describedby="a{{#if (lookup e "x")}} b{{/if}}"`.
  [...tag.attrs.matchAll(new RegExp(`(?:^|[\\s}])${name}="((?:[^"{]|\\{\\{[^}]*\\}\\}|\\{)*)"`, 'g'))].map((m) => m[1]);
const attr = (tag: Tag, name: string): string | undefined => attrs(tag, name)[0];
const hasClass = (tag: Tag, name: string): boolean =>
  (attr(tag, 'class') ?? '')
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .split(/\s+/)
    .includes(name);

interface Finding {
  file: string;
  line: number;
  rule: string;
}

/** The problems of one template's text (or of a chart helper's source, where only the svg rule applies). */
function checkTemplate(file: string, source: string, onlySvg = false): { problems: Finding[]; optOuts: Finding[] } {
  const text = markup(source);
  const lines = source.split('\n');
  const lineOf = (offset: number): number => source.slice(0, offset).split('\n').length;
  const problems: Finding[] = [];
  const optOuts: Finding[] = [];
  const report = (offset: number, rule: string): void => {
    const line = lineOf(offset);
    (OPT_OUT.test(lines[line - 1]) ? optOuts : problems).push({ file, line, rule });
  };
  const all = tags(text);
  const ids = new Set(all.map((t) => attr(t, 'id')).filter((id): id is string => !!id));

  for (const tag of all) {
    if (tag.name === 'svg') {
      const hidden = attr(tag, 'aria-hidden') === 'true';
      const named = attr(tag, 'role') === 'img' && !!(attr(tag, 'aria-label') || attr(tag, 'aria-labelledby'));
      if (!hidden && !named) report(tag.offset, '<svg> without role="img" and aria-label(ledby), nor aria-hidden="true"');
    }
    if (onlySvg) continue;
    if (tag.name === 'img' && attr(tag, 'alt') === undefined) report(tag.offset, '<img> without alt');
    if (tag.name === 'th' && !attr(tag, 'scope')) report(tag.offset, '<th> without scope');
    if (tag.name === 'table') {
      const rest = text.slice(tag.offset + tag.length);
      const firstRow = rest.search(/<(tr|thead|tbody|tfoot|colgroup)\b/i);
      const head = firstRow < 0 ? rest : rest.slice(0, firstRow);
      if (!/<caption\b/i.test(head)) report(tag.offset, '<table> without <caption> before its first row');
    }
    if (hasClass(tag, 'table-wrap')) {
      const labelledby = attr(tag, 'aria-labelledby');
      const missing = [
        attr(tag, 'tabindex') !== '0' && 'tabindex="0"',
        attr(tag, 'role') !== 'region' && 'role="region"',
        !attr(tag, 'aria-label') && !labelledby && 'aria-label or aria-labelledby',
        labelledby && labelledby.split(/\s+/).some((id) => !ids.has(id)) && `an element with id "${labelledby}"`,
      ].filter(Boolean);
      if (missing.length) report(tag.offset, `.table-wrap without ${missing.join(', ')}`);
    }
    if (hasClass(tag, 'error')) {
      const id = attr(tag, 'id');
      if (attr(tag, 'role') === 'alert') continue;
      if (!id) {
        report(tag.offset, 'field error (class "error") without an id, and not a role="alert" block');
        continue;
      }
      // `{{../name}}` inside an {{#each}} is the same value as `{{name}}` outside it.
      const plain = (value: string): string => value.replace(/\{\{(?:\.\.\/|@root\.)+/g, '{{');
      const tied = all.some(
        (t) => attrs(t, 'aria-describedby').some((v) => plain(v).includes(plain(id))) && /(?:^|[\s}])aria-invalid="true"/.test(t.attrs),
      );
      if (!tied) report(tag.offset, `field error "${id}": no control with aria-invalid="true" and aria-describedby naming it`);
    }
  }
  return { problems, optOuts };
}

describe('templates: tables, field errors, charts and images (issue 17 point 3)', () => {
  const files = templates(VIEWS);
  const results = [
    ...files.map((file) => ({ file, ...checkTemplate(relative(VIEWS, file), readFileSync(file, 'utf8')) })),
    ...CHART_SOURCES.map((file) => ({ file, ...checkTemplate(relative(VIEWS, file), readFileSync(file, 'utf8'), true) })),
  ];

  it('finds the templates', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('every table, scrollable wrapper, field error, chart and image holds the rules', () => {
    const problems = results.flatMap((r) => r.problems).map((p) => `${p.file}:${p.line}: ${p.rule}`);
    expect(problems).toEqual([]);
  });

  it('lists the justified exceptions', () => {
    const optOuts = results.flatMap((r) => r.optOuts).map((p) => `${p.file}:${p.line}: ${p.rule}`);
    // Each one carries its reason on its line; the list is kept short on purpose.
    console.log(`a11y exceptions in the templates:\n${optOuts.join('\n')}`);
    expect(optOuts.length).toBeLessThanOrEqual(10);
  });

  describe('the rules themselves', () => {
    const problems = (source: string): string[] => checkTemplate('t.hbs', source).problems.map((p) => p.rule);

    it('a table needs a caption before its rows', () => {
      expect(problems('<table><thead><tr><th scope="col">a</th></tr></thead></table>')).toHaveLength(1);
      expect(problems('<table><caption>x</caption><tr><th scope="row">a</th></tr></table>')).toEqual([]);
      expect(problems('<table><tr><td><table><caption>inner</caption></table></td></tr></table>')).toHaveLength(1);
    });

    it('a header cell needs scope', () => {
      expect(problems('<table><caption>x</caption><thead><tr><th>a</th></tr></thead></table>')).toEqual(['<th> without scope']);
    });

    it('a scrollable wrapper needs keyboard access and a name that exists', () => {
      expect(problems('<div class="table-wrap"><table><caption>x</caption></table></div>')).toHaveLength(1);
      expect(
        problems('<div class="table-wrap" tabindex="0" role="region" aria-labelledby="c"><table><caption id="c">x</caption></table></div>'),
      ).toEqual([]);
      expect(problems('<div class="table-wrap" tabindex="0" role="region" aria-labelledby="nope"></div>')).toHaveLength(1);
      // CSS in a <style> block is not an element.
      expect(problems('<style>.x .table-wrap { flex: 1; }</style>')).toEqual([]);
    });

    it('a field error needs an id that a marked control names', () => {
      expect(problems('<input id="a"><p class="error">bad</p>')).toHaveLength(1);
      expect(problems('<input id="a" aria-describedby="a-error"><p class="error" id="a-error">bad</p>')).toHaveLength(1);
      expect(
        problems(
          '<input id="a"{{#if e}} aria-invalid="true" aria-describedby="a-error"{{/if}}>{{#if e}}<p class="error" id="a-error">{{e}}</p>{{/if}}',
        ),
      ).toEqual([]);
      expect(problems('<div class="field has-error"><p class="flash flash-error">x</p></div>')).toEqual([]);
      expect(problems('<p class="error" role="alert">the whole form</p>')).toEqual([]);
    });

    it('an svg is a named image or hidden; an img has alt', () => {
      expect(problems('<svg viewBox="0 0 1 1"></svg>')).toHaveLength(1);
      expect(problems('<svg role="img" aria-labelledby="t"></svg><svg aria-hidden="true"></svg>')).toEqual([]);
      expect(problems('<img src="x.png">')).toEqual(['<img> without alt']);
      expect(problems('<img src="x.png" alt="">')).toEqual([]);
    });

    it('an opt-out on the same line moves a finding to the list of exceptions', () => {
      const result = checkTemplate('t.hbs', '<img src="x.png"> {{!-- a11y: decorative, drawn again in the text --}}');
      expect([result.problems.length, result.optOuts.length]).toEqual([0, 1]);
    });
  });
});
