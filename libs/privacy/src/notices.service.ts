import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { BadInput, Conflict, Forbidden, LOCALES, type Locale, type LocaleMap, NotFound, translate } from '@probity/i18n';
import { AcademiesService, type AcademyView, type AuthUser, administers, canSeeAcademy, hasRole } from '@probity/identity';
import type { PrivacyAcknowledgement } from './entities/privacy-notice.entity';
import type { PublishNoticeDto } from './dto/notices.dto';
import { type NoticeVersion, NoticesRepository } from './repositories/notices.repository';

/** Where the notice shown comes from: the academy's own, the platform's, or the default text that ships with Probity. */
export type NoticeSource = 'academy' | 'platform' | 'default';

/** The privacy notice that applies to an academy (or to people of none), every language it is written in. */
export interface NoticeView {
  source: NoticeSource;
  /** The academy whose own notice it is (source `academy`). */
  academyId: string | null;
  /** Null for the default text, which nobody published. */
  version: number | null;
  publishedAt: Date | null;
  bodies: LocaleMap;
}

/** One block of a notice's text as a page shows it. */
export type NoticeBlock = { kind: 'heading'; text: string } | { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

/**
 * A notice's text as blocks: paragraphs are separated by blank lines; a line starting with `## ` is a heading, lines
 * starting with `- ` are the items of a list. Everything else is text (escaped by the page, never HTML).
 */
export function noticeBlocks(body: string): NoticeBlock[] {
  const blocks: NoticeBlock[] = [];
  for (const chunk of body.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    let paragraph: string[] = [];
    let list: string[] = [];
    const flush = (): void => {
      if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
      if (list.length) blocks.push({ kind: 'list', items: list });
      paragraph = [];
      list = [];
    };
    for (const line of lines) {
      if (line.startsWith('## ')) {
        flush();
        blocks.push({ kind: 'heading', text: line.slice(3).trim() });
      } else if (line.startsWith('- ')) {
        if (paragraph.length) flush();
        list.push(line.slice(2).trim());
      } else {
        if (list.length) flush();
        paragraph.push(line);
      }
    }
    flush();
  }
  return blocks;
}

/** The default notice that ships with Probity (namespace `privacy`, `default_notice`), in the six languages. */
export function defaultNoticeBodies(): LocaleMap {
  return Object.fromEntries(LOCALES.map((locale) => [locale, translate(locale, 'privacy:default_notice')]));
}

/**
 * Privacy notices (issue 16 point 5): each academy's administrators publish their academy's notice in the six
 * languages, in versions (a new version asks everyone again); platform administrators publish the platform's, which
 * applies to people whose academy has none and to people of no academy. Until one of them is published, the default
 * text that ships with Probity is shown on the public page and asks nobody for an acknowledgement: signing in is
 * held up only by a notice someone responsible published.
 */
@Injectable()
export class PrivacyNoticesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notices: NoticesRepository,
    private readonly academies: AcademiesService,
    private readonly audit: AuditService,
  ) {}

  /** The notice that applies to an academy's people (`null`: people of no academy). */
  async applying(academyId: string | null): Promise<NoticeView> {
    const own = academyId ? await this.notices.latest(academyId) : undefined;
    const stored = own ?? (await this.notices.latest(null));
    if (!stored) return { source: 'default', academyId: null, version: null, publishedAt: null, bodies: defaultNoticeBodies() };
    return {
      source: stored.academyId ? 'academy' : 'platform',
      academyId: stored.academyId,
      version: stored.version,
      publishedAt: stored.publishedAt,
      bodies: stored.bodies,
    };
  }

  /** The public page of an academy's notice, by the academy's code (404 for an unknown code). */
  async byAcademyCode(code: string): Promise<{ academy: AcademyView; notice: NoticeView }> {
    const academy = /^[A-Za-z0-9_-]{1,32}$/.test(code) ? await this.academies.byCode(code) : null;
    if (!academy) throw new NotFound('academy');
    return { academy, notice: await this.applying(academy.id) };
  }

  /** An academy's notice for people who can see the academy (404 for others). */
  async ofAcademy(actor: AuthUser, academyId: string): Promise<{ academy: AcademyView; notice: NoticeView }> {
    if (!canSeeAcademy(actor, academyId)) throw new NotFound('academy');
    const academy = await this.academies.get(academyId);
    return { academy, notice: await this.applying(academyId) };
  }

  /**
   * Publishes a new version of an academy's notice (`academyId` null: the platform's): its administrators (404 for
   * people who cannot see the academy, 403 for those who do not run it), platform administrators for the platform's.
   * A text unchanged from the current version publishes nothing; at least one language must have text.
   */
  async publish(actor: AuthUser, academyId: string | null, dto: PublishNoticeDto): Promise<NoticeView> {
    if (academyId === null) {
      if (!hasRole(actor, 'platform_admin')) throw new Forbidden();
    } else {
      if (!canSeeAcademy(actor, academyId)) throw new NotFound('academy');
      if (!administers(actor, academyId)) throw new Forbidden();
      await this.academies.get(academyId);
    }
    const bodies: LocaleMap = {};
    for (const locale of LOCALES) {
      const text = dto.bodies[locale]?.trim();
      if (text) bodies[locale] = text;
    }
    if (!Object.keys(bodies).length) throw new BadInput('privacy_notice_empty');
    await this.dataSource.transaction(async (manager) => {
      await this.notices.lockNotice(manager, academyId);
      const current = await this.notices.latest(academyId, manager);
      if (current && sameText(current.bodies, bodies)) return;
      const version = (current?.version ?? 0) + 1;
      await this.notices.insert(manager, { academyId, version, publishedBy: actor.id, bodies });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: 'privacy_notice.published',
        entityType: 'privacy_notice',
        entityId: `${academyId ?? 'platform'}:${version}`,
        before: current ? { version: current.version } : null,
        after: { version, locales: Object.keys(bodies) },
      });
    });
    return academyId ? this.applying(academyId) : this.platform();
  }

  /** The platform's notice (or the default text when none was published). */
  async platform(): Promise<NoticeView> {
    return this.applying(null);
  }

  /** The version of the notice that applies to the person that they have not yet acknowledged, if any. */
  pending(user: AuthUser): Promise<NoticeVersion | undefined> {
    return this.notices.unacknowledged(user.id, user.academyId);
  }

  /**
   * Acknowledges the version shown: 404 when no notice asks the person for it, 409 `privacy_notice_changed` when a
   * newer version was published meanwhile. Audited once; acknowledging again changes nothing.
   */
  async acknowledge(actor: AuthUser, version: number): Promise<void> {
    const applying = await this.applying(actor.academyId);
    if (applying.version === null) throw new NotFound('privacy_notice');
    if (applying.version !== version) throw new Conflict('privacy_notice_changed');
    await this.dataSource.transaction(async (manager) => {
      const notice = { academyId: applying.academyId, version };
      if (!(await this.notices.acknowledge(manager, actor.id, notice))) return;
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: actor.academyId,
        action: 'privacy_notice.acknowledged',
        entityType: 'privacy_acknowledgement',
        entityId: actor.id,
        before: null,
        after: { notice: applying.academyId ?? 'platform', version },
      });
    });
  }

  /** The person's acknowledgements, the newest first. */
  acknowledgements(actor: AuthUser): Promise<PrivacyAcknowledgement[]> {
    return this.notices.acknowledgements(actor.id);
  }
}

function sameText(a: LocaleMap, b: LocaleMap): boolean {
  return LOCALES.every((locale: Locale) => (a[locale] ?? '') === (b[locale] ?? ''));
}
