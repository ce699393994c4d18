import type { ReportText } from '../reports-labels';
import type { ReportFormat } from '../reports-model';
import { reportPdf } from './report-pdf';
import { type Cell, reportTable } from './report-table';
import { reportXlsx } from './report-xlsx';

/**
 * An export of a report, ready to hand out. A CSV is handed over as its table (`table`): the server writes it with
 * its one CSV writer (formula-safe cells, BOM, CRLF); XLSX and PDF as bytes (`body`). `F` is the report's own list of
 * formats (the training report's by default; the facility's and the cooperation report's are shorter).
 */
export interface ReportFile<F extends string = ReportFormat> {
  format: F;
  contentType: string;
  filename: string;
  table?: { header: string[]; rows: Cell[][] };
  body?: Buffer;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export async function reportFile(format: ReportFormat, text: ReportText, generatedAt: Date): Promise<ReportFile> {
  const file = {
    format,
    contentType: CONTENT_TYPES[format],
    filename: `training-report-${generatedAt.toISOString().slice(0, 10)}.${format}`,
  };
  switch (format) {
    case 'csv':
      return { ...file, table: reportTable(text) };
    case 'xlsx':
      return { ...file, body: await reportXlsx(text, generatedAt) };
    case 'pdf':
      return { ...file, body: await reportPdf(text) };
  }
}
