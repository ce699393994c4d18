import PDFDocument from 'pdfkit';
import { type FontKey, FONTS } from './fonts';

export interface DocumentMeta {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  lang: string;
}

/** An A4 landscape PDF/A-2b document with the Noto fonts registered under their FontKey. */
export function createDocument(meta: DocumentMeta): PDFKit.PDFDocument {
  const info: PDFKit.DocumentInfo = { Title: printable(meta.title), Author: printable(meta.author), Subject: printable(meta.subject) };
  if (meta.keywords) info.Keywords = printable(meta.keywords);
  info.Creator = 'Probity';
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: meta.lang,
    displayTitle: true,
    // No default font: pdfkit would load Helvetica, a standard font that PDF/A forbids (not embedded).
    font: '',
    info,
  });
  escapeXmpInfo(doc);
  for (const [key, { font }] of Object.entries(FONTS) as [FontKey, (typeof FONTS)[FontKey]][]) {
    // pdfkit takes an already parsed fontkit font (anything with layout()); its typings don't say so.
    doc.registerFont(key, font as unknown as PDFKit.Mixins.PDFFontSource);
  }
  return doc;
}

export function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

interface XmpInternals {
  info: PDFKit.DocumentInfo;
  _addInfo: () => void;
}

/**
 * pdfkit copies Title, Author, Subject and Keywords into the XMP packet without escaping them, so a
 * title with "&" or "<" would make the XMP (which PDF/A requires) malformed. The Info dictionary
 * keeps the plain text; only the XMP copy is escaped, and both then say the same.
 */
function escapeXmpInfo(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as XmpInternals;
  if (typeof internals._addInfo !== 'function') throw new Error('pdfkit no longer has _addInfo: check the XMP escaping');
  const addInfo = internals._addInfo.bind(doc);
  internals._addInfo = () => {
    const info = internals.info;
    internals.info = Object.fromEntries(
      Object.entries(info).map(([key, value]) => [key, typeof value === 'string' ? escapeXml(value) : value]),
    );
    try {
      addInfo();
    } finally {
      internals.info = info;
    }
  };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Control characters are not allowed in XML at all, so neither copy of the metadata keeps them. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F]/g, ' ').trim();
}
