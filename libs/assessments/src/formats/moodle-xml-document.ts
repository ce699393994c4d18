/**
 * A Moodle XML question file as a tree of nodes: parsing it (XML's own entities only, no declared ones) and
 * reading elements, attributes and texts in Moodle's formats.
 */
import { type EntityDecoderOptions, XMLParser, XMLValidator } from 'fast-xml-parser';
import { ItemProblem } from './common';
import { htmlToText } from './html-text';

/** The document is not a Moodle XML question file at all (not well-formed, or no <quiz> root): a 400. */
export class BrokenXml extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokenXml';
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the parsed document. Every element is parsed as an array of nodes (`isArray`), every
// node has its text under '#text' and its attributes under '@_name'.

export type XmlNode = Record<string, unknown>;

const isNode = (value: unknown): value is XmlNode => typeof value === 'object' && value !== null && !Array.isArray(value);

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

export const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => children(node, name)[0];

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The text of an element, raw; a <text> holding elements (HTML not escaped nor in CDATA) is refused. */
export function ownText(node: XmlNode | undefined): string {
  if (!node) return '';
  if (Object.keys(node).some((key) => key !== '#text' && !key.startsWith('@_'))) throw new ItemProblem('unescaped_markup_in_text');
  const value = node['#text'];
  return typeof value === 'string' ? value : '';
}

/** The plain text of `<name><text>…</text></name>` and the like, trimmed. */
export const plainText = (container: XmlNode | undefined): string => ownText(child(container, 'text')).trim();

export type TextFormat = 'html' | 'moodle_auto_format' | 'plain_text' | 'markdown';

/** Text in one of Moodle's formats as the item's plain text. */
function convert(text: string, format: string): string {
  switch (format) {
    case 'moodle_auto_format':
    case 'plain_text':
    case 'markdown':
      return text.replaceAll('\r\n', '\n').trim();
    default:
      return htmlToText(text);
  }
}

/** `<x format="…"><text>…</text></x>` as plain text; the format defaults to the question's. */
export function formattedText(container: XmlNode | undefined, defaultFormat: string): string {
  if (!container) return '';
  return convert(ownText(child(container, 'text')), attribute(container, 'format') ?? defaultFormat);
}

// ---------------------------------------------------------------------------------------------
// Parsing.

/** Characters XML 1.0 cannot hold at all, not even as references. */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

const XML_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Characters of a reference between '&' and ';': letters, digits and '#'. */
const isReferenceChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 35;

/**
 * XML's own five entities and numeric character references, decoded in one pass (so "&amp;lt;"
 * stays "&lt;", for the HTML inside to decode). HTML entities (&nbsp;) are left for the HTML text.
 * Moodle never declares entities: a DOCTYPE declaring any is refused rather than expanded.
 */
function xmlEntityDecoder(): EntityDecoderOptions {
  return {
    setExternalEntities: () => undefined,
    addInputEntities: (entities: Record<string, unknown>) => {
      if (Object.keys(entities).length) throw new BrokenXml('entity declarations are not supported');
    },
    reset: () => undefined,
    setXmlVersion: () => undefined,
    decode: (text: string) => {
      let out = '';
      let from = 0;
      for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
        // Only as far as a reference's own characters go: a search for the next ';' from every '&'
        // made a text of many '&' (bare in an attribute, or &amp;&amp;… ending far away) quadratic.
        let end = at + 1;
        while (end < text.length && isReferenceChar(text.charCodeAt(end))) end++;
        if (text[end] !== ';') continue;
        const body = text.slice(at + 1, end);
        let value = XML_ENTITIES.get(body);
        if (value === undefined && /^#(x[0-9a-fA-F]+|[0-9]+)$/.test(body)) {
          const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
          value = isXmlChar(code) ? String.fromCodePoint(code) : undefined;
        }
        if (value === undefined) continue;
        out += text.slice(from, at) + value;
        from = end + 1;
        at = end;
      }
      return from === 0 ? text : out + text.slice(from);
    },
  };
}

/**
 * The <quiz> root element of a Moodle XML question file (a byte order mark before it is dropped).
 * @throws BrokenXml when the document is not well-formed XML or has no <quiz> root.
 */
export function parseQuiz(xml: string): XmlNode {
  const source = xml.startsWith('\ufeff') ? xml.slice(1) : xml;
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw new BrokenXml(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  let document: unknown;
  try {
    document = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      alwaysCreateTextNode: true,
      isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
      entityDecoder: xmlEntityDecoder(),
    }).parse(source);
  } catch (error) {
    if (error instanceof BrokenXml) throw error;
    throw new BrokenXml(`not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const quiz = isNode(document) ? child(document, 'quiz') : undefined;
  if (!quiz) throw new BrokenXml('not a Moodle XML question file: no <quiz> root element');
  return quiz;
}
