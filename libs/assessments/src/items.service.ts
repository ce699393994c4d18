import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { CoursesService, type VersionSnapshot, VersionContributors } from '@probity/courses';
import { BadInput, Forbidden, type Locale, NotFound, TooLarge, Unprocessable, ValidationFailed } from '@probity/i18n';
import { AcademiesService, type AuthUser, canSeeAcademy, hasRole } from '@probity/identity';
import type { CreateAssessmentDto, CreateItemDto } from './dto/assessments.dto';
import type { Assessment, AssessmentKind } from './entities/assessment.entity';
import type { Item, ItemRevision } from './entities/item.entity';
import { BrokenXml, MAX_IMPORT_QUESTIONS, TooManyQuestions, exportMoodleXml, importGift, importMoodleXml } from './formats';
import { checkImported, contentFromDto } from './item-content';
import type { ItemContent } from './item-model';
import { type TranslatableText, translatableTexts, translatedContent } from './item-translations';
import { AssessmentRepository } from './repositories/assessment.repository';
import { ItemRepository } from './repositories/item.repository';

/** What a published version freezes of an assessment: its settings and the exact revisions of its items. */
export interface FrozenAssessment {
  id: string;
  kind: AssessmentKind;
  title: Record<string, string>;
  passPercent: number;
  timeLimitMinutes: number | null;
  maxAttempts: number | null;
  shuffle: boolean;
  blindGrading: boolean;
  policy: 'best' | 'last';
  items: { itemId: string; revisionId: string; revision: number; content: ItemContent }[];
}

/** What a learner may know of an assessment before taking it: what it is and its rules, never its items. */
export interface LearnerAssessment {
  id: string;
  kind: AssessmentKind;
  title: Record<string, string>;
  passPercent: number;
  timeLimitMinutes: number | null;
  maxAttempts: number | null;
  policy: 'best' | 'last';
  itemCount: number;
  maxPoints: number;
}

export function learnerAssessment(a: FrozenAssessment): LearnerAssessment {
  return {
    id: a.id,
    kind: a.kind,
    title: a.title,
    passPercent: a.passPercent,
    timeLimitMinutes: a.timeLimitMinutes,
    maxAttempts: a.maxAttempts,
    policy: a.policy,
    itemCount: a.items.length,
    maxPoints: a.items.reduce((sum, i) => sum + i.content.points, 0),
  };
}

export interface ItemView {
  id: string;
  status: Item['status'];
  revision: number;
  /** Who wrote the item first. */
  authorId: string | null;
  /** Who wrote its current revision: the one person who may not approve it. */
  revisedBy: string | null;
  content: ItemContent;
}

/**
 * The one rule of who may approve an item, for the service and for every page that shows an Approve button:
 * a trainer or academy administrator other than the author of its current revision, while it is not approved.
 */
export function mayApprove(actor: AuthUser, item: Pick<ItemView, 'status' | 'revisedBy'>): boolean {
  return item.status !== 'approved' && item.revisedBy !== actor.id && hasRole(actor, 'trainer', 'academy_admin');
}

/**
 * The question bank (items with immutable revisions and review), assessments, and their part of a
 * published course version: registered with courses' contributor interface, it freezes each
 * assessment with its items' current revisions and refuses publication of unapproved items.
 */
@Injectable()
export class ItemsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly contributors: VersionContributors,
    private readonly academies: AcademiesService,
    private readonly courses: CoursesService,
    private readonly items: ItemRepository,
    private readonly assessmentRepository: AssessmentRepository,
  ) {}

  onModuleInit(): void {
    this.contributors.register({
      key: 'assessments',
      contribute: (manager, snapshot) => this.freeze(manager, snapshot),
      learnerView: (part) => (part as FrozenAssessment[]).map(learnerAssessment),
    });
  }

  /** The academy of a course the actor may see (its owner, courses, answers); 404 for another academy's course. */
  private async academyOf(manager: EntityManager, actor: AuthUser, courseId: string): Promise<string> {
    const academyId = await this.courses.academyOf(courseId, manager);
    if (!academyId || !canSeeAcademy(actor, academyId)) throw new NotFound('course');
    return academyId;
  }

  /**
   * The actor's content as the item's next revision, which becomes its current one: approved at once
   * unless the academy requires review (then the item is a draft again).
   */
  private async addRevision(
    manager: EntityManager,
    actor: AuthUser,
    academyId: string,
    item: Item,
    content: ItemContent,
  ): Promise<ItemRevision> {
    const review = await this.academies.reviewRequired(academyId, manager);
    const revision = await this.items.addRevision(manager, {
      itemId: item.id,
      revision: item.currentRevision + 1,
      content,
      createdBy: actor.id,
      approvedBy: review ? null : actor.id,
    });
    item.currentRevision = revision.revision;
    item.status = review ? 'draft' : 'approved';
    await this.items.save(manager, item);
    return revision;
  }

  private view(item: Item, revision: ItemRevision): ItemView {
    return {
      id: item.id,
      status: item.status,
      revision: revision.revision,
      authorId: item.authorId,
      revisedBy: revision.createdBy,
      content: revision.content,
    };
  }

  // ---- the bank --------------------------------------------------------------------------------

  /** Writes a new item (revision 1): approved at once unless the academy requires review. */
  async create(actor: AuthUser, courseId: string, dto: CreateItemDto): Promise<ItemView> {
    const content = contentFromDto(dto);
    return this.dataSource.transaction((manager) => this.insert(manager, actor, courseId, content));
  }

  private async insert(manager: EntityManager, actor: AuthUser, courseId: string, content: ItemContent, source = 'api'): Promise<ItemView> {
    const academyId = await this.academyOf(manager, actor, courseId);
    const review = await this.academies.reviewRequired(academyId, manager);
    const status = review ? 'draft' : 'approved';
    const item = await this.items.create(manager, { courseId, authorId: actor.id, status, currentRevision: 1 });
    const approvedBy = review ? null : actor.id;
    const revision = await this.items.addRevision(manager, { itemId: item.id, revision: 1, content, createdBy: actor.id, approvedBy });
    await this.audit.record(manager, {
      actorId: actor.id,
      academyId,
      action: 'item.created',
      entityType: 'item',
      entityId: item.id,
      after: { type: content.type, status: item.status, source },
    });
    return this.view(item, revision);
  }

  /** An edit writes a new revision; published versions keep the one they froze. */
  async revise(actor: AuthUser, itemId: string, dto: CreateItemDto): Promise<ItemView> {
    const content = contentFromDto(dto);
    return this.dataSource.transaction(async (manager) => {
      const item = await this.items.lock(manager, itemId);
      if (!item) throw new NotFound('item');
      const academyId = await this.academyOf(manager, actor, item.courseId);
      const before = { revision: item.currentRevision, status: item.status };
      const revision = await this.addRevision(manager, actor, academyId, item, content);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: 'item.revised',
        entityType: 'item',
        entityId: item.id,
        before,
        after: { revision: revision.revision, status: item.status },
      });
      return this.view(item, revision);
    });
  }

  /** Another person than the author approves the current revision (approving twice is harmless). */
  async approve(actor: AuthUser, itemId: string): Promise<ItemView> {
    return this.dataSource.transaction(async (manager) => {
      const item = await this.items.lock(manager, itemId);
      if (!item) throw new NotFound('item');
      const academyId = await this.academyOf(manager, actor, item.courseId);
      const revision = await this.items.revision(itemId, item.currentRevision, manager);
      if (item.status === 'approved') return this.view(item, revision);
      if (!mayApprove(actor, this.view(item, revision))) throw new Forbidden('approve_own_item');
      await this.items.approveRevision(manager, revision.id, actor.id, new Date());
      item.status = 'approved';
      await this.items.save(manager, item);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: 'item.approved',
        entityType: 'item',
        entityId: item.id,
        after: { revision: revision.revision },
      });
      return this.view(item, revision);
    });
  }

  /**
   * One item's current revision, for staff who can see its course. `courseId`: when given, an item of
   * another course is not found either (pages address items by course).
   */
  async get(actor: AuthUser, itemId: string, courseId?: string): Promise<ItemView & { courseId: string }> {
    const item = await this.items.find(itemId, courseId);
    if (!item) throw new NotFound('item');
    await this.academyOf(this.dataSource.manager, actor, item.courseId);
    const revision = await this.items.revision(itemId, item.currentRevision);
    return { ...this.view(item, revision), courseId: item.courseId };
  }

  async list(actor: AuthUser, courseId: string): Promise<{ items: ItemView[]; total: number }> {
    await this.academyOf(this.dataSource.manager, actor, courseId);
    const items: ItemView[] = await this.items.currentOfCourse(courseId);
    return { items, total: items.length };
  }

  // ---- import and export -----------------------------------------------------------------------

  /**
   * Imports parsed items, each in its own transaction (a bad one never blocks the rest). `parsed`
   * comes from the Moodle XML or GIFT reader.
   */
  async importParsed(
    actor: AuthUser,
    courseId: string,
    parsed: { items: ItemContent[]; names: string[] },
  ): Promise<{ imported: number; errors: { item: string; code: string }[] }> {
    await this.academyOf(this.dataSource.manager, actor, courseId);
    let imported = 0;
    const errors: { item: string; code: string }[] = [];
    for (const [i, content] of parsed.items.entries()) {
      const problem = checkImported(content);
      if (problem) {
        errors.push({ item: parsed.names[i] ?? `#${i + 1}`, code: problem });
        continue;
      }
      await this.dataSource.transaction((manager) => this.insert(manager, actor, courseId, content, 'import'));
      imported++;
    }
    return { imported, errors };
  }

  /**
   * Moodle XML or GIFT: good items are created, each bad one is reported with its name (or line) and a reason code.
   * The course is checked before the file is read, and a file of more than MAX_IMPORT_QUESTIONS questions is refused
   * whole (413) once its questions are counted, before any of them is read or stored.
   */
  async import(
    actor: AuthUser,
    courseId: string,
    format: 'moodle-xml' | 'gift',
    content: string,
    locale: Locale,
  ): Promise<{ imported: number; errors: { item: string; code: string }[] }> {
    await this.academyOf(this.dataSource.manager, actor, courseId);
    let parsed: { items: ItemContent[]; errors: { item: string; line?: number; message: string }[] };
    try {
      parsed =
        format === 'gift' ? importGift(content, locale, MAX_IMPORT_QUESTIONS) : importMoodleXml(content, locale, MAX_IMPORT_QUESTIONS);
    } catch (error) {
      if (error instanceof BrokenXml) throw new BadInput('broken_xml', { reason: error.message });
      if (error instanceof TooManyQuestions) throw new TooLarge('too_many_questions', { count: error.max, found: error.found });
      throw error;
    }
    const names = parsed.items.map((item, i) => item.name || `#${i + 1}`);
    const result = await this.importParsed(actor, courseId, { items: parsed.items, names });
    const parseErrors = parsed.errors.map((e) => ({ item: e.line ? `${e.item} (line ${e.line})` : e.item, code: e.message }));
    return { imported: result.imported, errors: [...parseErrors, ...result.errors] };
  }

  async exportMoodle(actor: AuthUser, courseId: string, locale: Locale): Promise<string> {
    return exportMoodleXml(
      (await this.list(actor, courseId)).items.map((i) => i.content),
      locale,
    );
  }

  // ---- translations ----------------------------------------------------------------------------

  /** Every translatable text of the bank, keyed for the side-by-side editor. */
  async translatable(actor: AuthUser, courseId: string): Promise<TranslatableText[]> {
    return translatableTexts((await this.list(actor, courseId)).items);
  }

  /** Saves one locale's texts of the bank: each changed item gets a new revision (reviewed again where the academy asks). */
  async saveTranslations(actor: AuthUser, courseId: string, locale: Locale, entries: { key: string; text: string }[]): Promise<number> {
    const { items } = await this.list(actor, courseId);
    let changed = 0;
    for (const item of items) {
      const mine = entries.filter((e) => e.key.startsWith(`item:${item.id}:`));
      if (!mine.length) continue;
      const content = translatedContent(item.content, locale, mine);
      if (!content) continue;
      await this.dataSource.transaction(async (manager) => {
        const locked = await this.items.lock(manager, item.id);
        if (!locked) return;
        const academyId = await this.academyOf(manager, actor, locked.courseId);
        const revision = await this.addRevision(manager, actor, academyId, locked, content);
        await this.audit.record(manager, {
          actorId: actor.id,
          academyId,
          action: 'item.translated',
          entityType: 'item',
          entityId: locked.id,
          after: { revision: revision.revision, locale },
        });
      });
      changed++;
    }
    return changed;
  }

  // ---- assessments ------------------------------------------------------------------------------

  async createAssessment(actor: AuthUser, courseId: string, dto: CreateAssessmentDto): Promise<Assessment> {
    return this.dataSource.transaction(async (manager) => {
      const academyId = await this.academyOf(manager, actor, courseId);
      const ids = [...new Set(dto.itemIds)];
      const found = await this.items.idsOfCourse(courseId, ids, manager);
      if (found.length !== ids.length) throw new ValidationFailed([{ field: 'itemIds', constraint: 'itemsOfCourse' }]);
      const assessment = await this.assessmentRepository.create(manager, {
        courseId,
        kind: dto.kind,
        title: dto.title,
        itemIds: ids,
        passPercent: dto.passPercent,
        timeLimitMinutes: dto.timeLimitMinutes ?? null,
        maxAttempts: dto.maxAttempts ?? null,
        shuffle: dto.shuffle ?? false,
        blindGrading: dto.blindGrading ?? false,
        policy: dto.policy ?? 'best',
        createdBy: actor.id,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: 'assessment.created',
        entityType: 'assessment',
        entityId: assessment.id,
        after: { kind: dto.kind, itemIds: ids, passPercent: dto.passPercent },
      });
      return assessment;
    });
  }

  async assessments(courseId: string, manager: EntityManager = this.dataSource.manager): Promise<Assessment[]> {
    return this.assessmentRepository.ofCourse(courseId, manager);
  }

  /** Courses' contributor: freeze every assessment of the course with its items' current, approved revisions. */
  private async freeze(manager: EntityManager, snapshot: Readonly<VersionSnapshot>): Promise<FrozenAssessment[]> {
    const assessments = await this.assessments(snapshot.course.id, manager);
    const frozen: FrozenAssessment[] = [];
    for (const a of assessments) {
      const rows = await this.items.currentRevisions(a.itemIds, manager);
      const unapproved = rows.filter((r) => r.status !== 'approved');
      if (unapproved.length) throw new Unprocessable('items_not_approved', { count: unapproved.length });
      const byId = new Map(rows.map((r) => [r.item_id, r]));
      frozen.push({
        id: a.id,
        kind: a.kind,
        title: a.title,
        passPercent: a.passPercent,
        timeLimitMinutes: a.timeLimitMinutes,
        maxAttempts: a.maxAttempts,
        shuffle: a.shuffle,
        blindGrading: a.blindGrading,
        policy: a.policy,
        items: a.itemIds.flatMap((id) => {
          const r = byId.get(id);
          return r ? [{ itemId: id, revisionId: r.revision_id, revision: r.revision, content: r.content }] : [];
        }),
      });
    }
    return frozen;
  }
}
