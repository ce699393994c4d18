import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import JSZip from 'jszip';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { JobQueue } from '@probity/database';
import { LOCALES, type Locale, NotFound, direction, translate } from '@probity/i18n';
import { type AuthUser, UsersService, administers } from '@probity/identity';
import { type JobView, JobsService } from '@probity/jobs';
import { EXPORT_CATEGORIES, EXPORT_PLAN, type ExportCategory, NOT_LINKABLE } from './export-plan';
import { ExportRepository, type ExportRow } from './repositories/export.repository';

/** The queue the worker takes exports from (created on first use by whoever sends or works first). */
export const EXPORT_QUEUE = 'probity.privacy-exports';
export const EXPORT_JOB = 'privacy_export';
const KEPT_DAYS = 7;

/** An export ready to download. */
export interface ExportView {
  id: string;
  userId: string;
  requestedBy: string;
  jobId: string;
  createdAt: Date;
  expiresAt: Date;
  size: number;
}

/** An export asked for that is not ready: waiting for the worker, being made (its progress per table), or failed. */
export interface UnfinishedExportView {
  jobId: string;
  createdAt: Date;
  state: JobView['state'];
  progress: { done: number; total: number };
}

/** What the worker's run left in the job's result. */
export interface ExportResult {
  exportId: string;
  size: number;
  tables: Record<string, number>;
}

const view = (r: ExportRow): ExportView => ({ ...r });
const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
/** bytea columns (none are planned with bytes today, but a future one must not become a JSON array of numbers). */
const jsonValue = (_key: string, value: unknown): unknown =>
  value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)
    ? { base64: Buffer.from((value as { data: number[] }).data).toString('base64') }
    : value;

/**
 * Access and portability (issue 16 point 2, ADR 0014): a person asks for everything Probity holds about them (or an
 * administrator of their academy, or a platform administrator, asks on their behalf); the worker gathers their rows
 * of every table the export plan names, one JSON file per table, with a summary in the person's language, and keeps
 * the ZIP 7 days. Only the person and the administrator who asked may download it; others get 404.
 */
@Injectable()
export class PrivacyExportsService {
  private queueReady?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly exports: ExportRepository,
    private readonly jobs: JobsService,
    private readonly queue: JobQueue,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** Starts an export of `userId` (the caller when left out): 404 unless it is the caller or a person they administer. */
  async start(actor: AuthUser, userId?: string): Promise<{ jobId: string }> {
    const person = await this.person(actor, userId);
    await this.ensureQueue();
    const job = await this.dataSource.transaction(async (manager) => {
      const created = await this.jobs.create(manager, {
        kind: EXPORT_JOB,
        params: { userId: person.id },
        startedBy: actor.id,
        academyId: person.academyId,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: person.academyId,
        action: 'privacy_export.requested',
        entityType: 'user',
        entityId: person.id,
        before: null,
        after: { jobId: created.id },
      });
      await this.queue.sendIn(manager, EXPORT_QUEUE, { jobId: created.id }, { id: created.id });
      return created;
    });
    return { jobId: job.id };
  }

  /** The person's ready exports; an administrator sees those they asked for. */
  async list(actor: AuthUser, userId?: string): Promise<ExportView[]> {
    const person = await this.person(actor, userId);
    return (await this.exports.ready(person.id, person.id === actor.id ? undefined : actor.id)).map(view);
  }

  /**
   * What the person's data page shows: the exports the caller asked for that are not ready yet (queued, being made,
   * or failed within the days a ready one is kept; newest first, a failure older than the newest ready export left
   * out), and the ready ones as `list` gives them. The unfinished are read first, so that one finishing in between
   * shows as ready.
   */
  async status(actor: AuthUser, userId?: string): Promise<{ unfinished: UnfinishedExportView[]; ready: ExportView[] }> {
    const person = await this.person(actor, userId);
    const asked = await this.exports.unfinishedJobs(person.id, actor.id, EXPORT_JOB, KEPT_DAYS);
    const jobs = await Promise.all(asked.map(async (a) => ({ ...a, job: await this.jobs.get(actor, a.jobId) })));
    const ready = await this.list(actor, userId);
    const newestReady = ready[0]?.createdAt.getTime() ?? 0;
    const unfinished = jobs
      .filter(({ jobId, job }) => job.state !== 'completed' && !ready.some((r) => r.jobId === jobId))
      .filter(({ createdAt, job }) => job.state !== 'failed' || createdAt.getTime() > newestReady)
      .map(({ jobId, createdAt, job }) => ({ jobId, createdAt, state: job.state, progress: job.progress }));
    return { unfinished, ready };
  }

  /** The ZIP, for the person it is about or the administrator who asked; 404 for anyone else and once expired. */
  async download(actor: AuthUser, exportId: string): Promise<{ fileName: string; content: Buffer }> {
    const found = await this.exports.withContent(exportId);
    if (!found || (found.userId !== actor.id && found.requestedBy !== actor.id)) throw new NotFound('job');
    return { fileName: `probity-export-${found.createdAt.toISOString().slice(0, 10)}.zip`, content: found.content };
  }

  /** The export a finished job made (the page links to it). */
  async ofJob(jobId: string): Promise<ExportView | undefined> {
    const row = await this.exports.byJob(jobId);
    return row ? view(row) : undefined;
  }

  /** The worker's run: one table after the other (progress done/total per table), then the ZIP, stored. */
  async run(jobId: string): Promise<ExportResult> {
    const job = await this.jobs.find(jobId);
    if (!job) throw new NotFound('job');
    if (job.state === 'completed') return job.result as unknown as ExportResult;
    const existing = await this.exports.byJob(jobId);
    const { userId } = job.params as { userId: string };
    try {
      if (existing) {
        const result: ExportResult = { exportId: existing.id, size: existing.size, tables: {} };
        await this.jobs.finish(jobId, result);
        return result;
      }
      await this.jobs.start(jobId, EXPORT_PLAN.length + 1);
      const zip = new JSZip();
      const tables: Record<string, number> = {};
      let profile: Record<string, unknown> | undefined;
      for (const [index, entry] of EXPORT_PLAN.entries()) {
        const rows = await this.exports.personRows(entry, userId);
        if (entry.table === 'users') profile = rows[0];
        tables[entry.table] = rows.length;
        zip.file(`data/${entry.table}.json`, JSON.stringify(rows, jsonValue, 2));
        await this.jobs.progress(jobId, index + 1);
      }
      if (!profile) throw new NotFound('user');
      const locale = LOCALES.find((l) => l === profile?.locale) ?? 'en';
      zip.file('index.html', summary(locale, typeof profile.full_name === 'string' ? profile.full_name : '', tables));
      const content = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      const exportId = await this.dataSource.transaction((manager) =>
        this.exports.insert(manager, {
          userId,
          requestedBy: job.startedBy,
          jobId,
          expiresAt: new Date(Date.now() + KEPT_DAYS * 86_400_000),
          size: content.length,
          content,
        }),
      );
      const result: ExportResult = { exportId, size: content.length, tables };
      await this.jobs.finish(jobId, result);
      return result;
    } catch (error) {
      await this.jobs.fail(jobId, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** The person an export is about: the caller, or one they administer (their academy's, or anyone for platform admins). */
  private async person(actor: AuthUser, userId?: string): Promise<{ id: string; academyId: string | null }> {
    if (userId === undefined || userId === actor.id) return { id: actor.id, academyId: actor.academyId };
    const person = await this.users.get(actor, userId).catch(() => undefined);
    if (!person || !administers(actor, person.academyId)) throw new NotFound('user');
    return { id: person.id, academyId: person.academyId };
  }

  private ensureQueue(): Promise<void> {
    this.queueReady ??= this.queue
      .boss$()
      .then((boss) => boss.createQueue(EXPORT_QUEUE))
      .catch((error: unknown) => {
        this.queueReady = undefined;
        throw error;
      });
    return this.queueReady;
  }
}

/** The readable summary (`index.html`): in the person's language, right to left in Urdu. */
export function summary(locale: Locale, name: string, tables: Record<string, number>): string {
  const t = (key: string, options: Record<string, unknown> = {}): string => escapeHtml(translate(locale, `export:${key}`, options));
  const byCategory = new Map<ExportCategory, { table: string; count: number }[]>();
  for (const entry of EXPORT_PLAN) {
    const list = byCategory.get(entry.category) ?? [];
    list.push({ table: entry.table, count: tables[entry.table] ?? 0 });
    byCategory.set(entry.category, list);
  }
  const sections = EXPORT_CATEGORIES.map((category) => {
    const list = byCategory.get(category) ?? [];
    const total = list.reduce((n, e) => n + e.count, 0);
    const items = list
      .filter((e) => e.count > 0)
      .map((e) => `<li><a href="data/${e.table}.json" dir="ltr">${e.table}.json</a>: ${t('rows', { count: e.count })}</li>`)
      .join('');
    return `<section><h2>${t(`categories.${category}`)}</h2><p>${t('rows', { count: total })}</p>${items ? `<ul>${items}</ul>` : ''}</section>`;
  }).join('\n');
  const unlinked = Object.keys(NOT_LINKABLE)
    .map((table) => `<li><span dir="ltr">${table}</span>: ${t(`not_linkable.${table}`)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="${locale}" dir="${direction(locale)}">
<head><meta charset="utf-8"><title>${t('title')}</title></head>
<body>
<h1>${t('title')}</h1>
<p>${t('intro', { name })}</p>
<p>${t('generated', { date: new Date().toISOString().slice(0, 10) })}</p>
${sections}
<section><h2>${t('not_linkable_heading')}</h2><p>${t('not_linkable_intro')}</p><ul>${unlinked}</ul></section>
</body>
</html>
`;
}
