import { Workbook, type Worksheet } from 'exceljs';
import { translate } from '@probity/i18n';
import { type MeasureId, type ReportText } from '../reports-labels';

/** How each measure's numbers are shown (they stay numbers: a spreadsheet can sum and chart them). */
const FORMATS: Record<MeasureId, string> = {
  enrolled: '0',
  completed: '0',
  certified: '0',
  learners: '0',
  meanGain: '0.000',
  meanNormalisedGain: '0.000',
  improved: '0',
  improvedPercent: '0.0',
};

/** Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\, unique in the workbook. */
export function sheetName(name: string, taken: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 28)} ${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * The report as a workbook: a sheet of filters and definitions, a sheet of totals, and one sheet per breakdown (sex,
 * agency type, function, country, course), each with a header row and the measures as numbers. Right to left in Urdu.
 */
export async function reportXlsx(text: ReportText, generatedAt: Date): Promise<Buffer> {
  const t = (key: string): string => translate(text.locale, `reports:${key}`);
  const workbook = new Workbook();
  workbook.creator = 'Probity';
  workbook.created = generatedAt;
  workbook.title = text.title;
  const taken = new Set<string>();
  const sheet = (name: string): Worksheet =>
    workbook.addWorksheet(sheetName(name, taken), { views: [{ rightToLeft: text.dir === 'rtl', state: 'frozen', ySplit: 1 }] });

  const about = sheet(t('export.sheet_filters'));
  about.columns = [{ width: 28 }, { width: 90 }];
  about.addRow([text.title, text.scope]).font = { bold: true, size: 13 };
  for (const f of text.filters) about.addRow([f.label, f.value]);
  about.addRow([t('export.generated_at'), text.generatedAt]);
  if (text.generatedBy) about.addRow([t('export.generated_by'), text.generatedBy]);
  if (text.exportId) about.addRow([t('export.export_id'), text.exportId]);
  about.addRow([]);
  about.addRow([t('definitions.heading')]).font = { bold: true };
  for (const d of text.definitions) {
    const row = about.addRow([d.term, d.text]);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { vertical: 'top' };
  }

  const totals = sheet(t('export.sheet_totals'));
  totals.columns = [{ width: 40 }, { width: 14 }];
  totals.addRow([t('export.measure'), t('export.value')]).font = { bold: true };
  for (const column of text.columns) {
    const row = totals.addRow([column.label, text.totals[column.id]]);
    row.getCell(2).numFmt = FORMATS[column.id];
  }

  for (const breakdown of text.breakdowns) {
    const ws = sheet(breakdown.name);
    ws.columns = [{ width: 36 }, { width: 14 }, ...text.columns.map(() => ({ width: 16 }))];
    const header = ws.addRow([breakdown.name, t('export.code'), ...text.columns.map((c) => c.label)]);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'top' };
    for (const r of breakdown.rows) {
      const row = ws.addRow([r.label, r.code, ...text.columns.map((c) => r[c.id])]);
      text.columns.forEach((c, i) => (row.getCell(3 + i).numFmt = FORMATS[c.id]));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
