import { decodeHtmlEntities, htmlToText, textToHtml } from './html-text';

describe('htmlToText', () => {
  it.each([
    ['<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['<p>One<br>two<br/>three</p>', 'One\ntwo\nthree'],
    ['  <div>\n  Spread\n   over    lines\n</div>  ', 'Spread over lines'],
    ['<b>Bold</b> and <i>italic</i> and <span style="color: red">red</span>', 'Bold and italic and red'],
    ['&lt;tag&gt; &amp; &quot;q&quot; &#39;a&#39; &#x41;&#66; caf&eacute; &Alpha;&omega; &euro;5', '<tag> & "q" \'a\' AB café Αω €5'],
    ['&amp;lt; stays one level', '&lt; stays one level'],
    ['a &unknown; & b &#xZZ; &', 'a &unknown; & b &#xZZ; &'],
    ['x&nbsp;&nbsp;y', 'x  y'],
    ['<p>&nbsp;</p><p>After an empty paragraph</p>', 'After an empty paragraph'],
    ['<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><p>after</p>', '- one\n- two\n  - nested\n\nafter'],
    ['<ol><li><p>first</p></li><li>second</li></ol>', '1. first\n2. second'],
    ['<h2>Title</h2>Text', 'Title\n\nText'],
    ['<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>', 'a | b\n1 | 2'],
    ['<pre>  keep\n    this</pre>', 'keep\n    this'],
    ['Look: <img src="x.png" alt="a cat"> here', 'Look: a cat here'],
    ['<script>alert("x")</script><style>p{}</style>Safe<!-- hidden -->', 'Safe'],
    ['1 < 2 and 3 > 2', '1 < 2 and 3 > 2'],
    ['<a href="https://example.org/?a=1&amp;b=2" title="x > y">link</a>', 'link'],
    ['<p>unclosed <b>bold', 'unclosed bold'],
    ['', ''],
  ])('%j -> %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('decodes entities without decoding twice', () => {
    expect(decodeHtmlEntities('&amp;amp; &#38;lt; &#0; &#x110000;')).toBe('&amp; &lt; \ufffd \ufffd');
  });
});

describe('textToHtml', () => {
  it('writes paragraphs, line breaks and spaces a browser keeps', () => {
    expect(textToHtml('One')).toBe('One');
    expect(textToHtml('One\ntwo\n\nThree <3 & more')).toBe('<p>One<br>two</p>\n<p>Three &lt;3 &amp; more</p>');
    expect(textToHtml('  two  spaces ')).toBe('&nbsp;&nbsp;two &nbsp;spaces&nbsp;');
    expect(textToHtml('')).toBe('');
  });

  it('is undone by htmlToText for any text htmlToText makes (random HTML)', () => {
    // A small deterministic generator of messy HTML fragments.
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = [
      'a',
      'Б',
      'ა',
      ' ',
      '  ',
      '\n',
      '\t',
      '&nbsp;',
      '&amp;',
      '&lt;',
      '&#9;',
      '<br>',
      '<p>',
      '</p>',
      '<b>',
      '</b>',
      '<li>',
      '<ul>',
      '</ul>',
      'x y',
      '<pre> z\n  w</pre>',
      '#',
      '=',
      '>',
    ];
    for (let run = 0; run < 2000; run++) {
      let html = '';
      for (let i = random(30); i > 0; i--) html += pieces[random(pieces.length)];
      const text = htmlToText(html);
      expect(htmlToText(textToHtml(text))).toBe(text);
    }
  });
});
