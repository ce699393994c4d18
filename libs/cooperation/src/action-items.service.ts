import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { InstitutionsService, OutcomeAccessService, managesFacility } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { Forbidden, type LocaleMap, NotFound, ValidationFailed } from '@probity/i18n';
import { type AuthUser, type Page, hasRole } from '@probity/identity';
import type { ActionItemListQueryDto, ActionItemStatusDto, CreateActionItemDto, UpdateActionItemDto } from './dto/outcomes.dto';
import type { ActionItemUpdate } from './entities/record.entity';
import { type ActionItemRow, CooperationOutcomesRepository, type InitiativeFacts } from './repositories/outcomes.repository';
import { InitiativeAccessService } from './initiative-access.service';

/**
 * How one reader stands to an initiative's follow-up: an owner (a facility manager or platform administrator, or an
 * administrator of the academy that leads it), a person of an accepted member institution (focal point, academy
 * administrator), or someone who took part. Anyone else is told there is no such initiative (404).
 */
export interface InitiativeStanding {
  initiative: InitiativeFacts;
  owner: boolean;
  /** The institution the reader speaks for, if any. */
  institutionId: string | null;
  /** The reader's institution is an accepted member. */
  member: boolean;
  participant: boolean;
}

/**
 * Who reaches an initiative's action items and outcomes, decided here only (ADR 0013), over the context's own
 * memberships and participants; the institution a person speaks for comes from the facility (`OutcomeAccessService`).
 */
@Injectable()
export class InitiativeStandingService {
  constructor(
    private readonly outcomes: CooperationOutcomesRepository,
    private readonly institutions: OutcomeAccessService,
    private readonly access: InitiativeAccessService,
  ) {}

  /** Facility managers, platform administrators, and administrators of the academy that leads the initiative. */
  owns(actor: AuthUser, initiative: Pick<InitiativeFacts, 'leadAcademyId'>): boolean {
    return this.access.isOwner(actor, initiative);
  }

  institutionOf(actor: AuthUser, manager?: EntityManager): Promise<string | null> {
    return this.institutions.institutionOf(actor, manager);
  }

  /** The reader's standing, or 404 when the initiative is unknown or the reader neither owns, is a member, nor took part. */
  async standing(actor: AuthUser, initiativeId: string, manager?: EntityManager, lock = false): Promise<InitiativeStanding> {
    const initiative = await this.outcomes.initiative(initiativeId, manager, lock);
    if (!initiative) throw new NotFound('initiative');
    const institutionId = await this.institutionOf(actor, manager);
    const ties = await this.outcomes.ties(initiativeId, institutionId, actor.id, manager);
    const standing = { initiative, owner: this.owns(actor, initiative), institutionId, ...ties };
    if (!standing.owner && !standing.member && !standing.participant) throw new NotFound('initiative');
    return standing;
  }

  /** The active people who speak for these institutions (focal points; administrators of those that are academies). */
  peopleOf(institutionIds: string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    return this.institutions.peopleOf(institutionIds, manager);
  }

  displayNames(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    return this.institutions.displayNames(ids, manager);
  }
}

/** An action item as one reader sees it: its owner institution's name, and whether the reader may change its status. */
export interface ActionItemView {
  item: ActionItemRow;
  ownerInstitutionName: LocaleMap | null;
  mayMark: boolean;
  mayEdit: boolean;
}

/** An action item with its history of statuses, the newest first, each with who set it. */
export interface ActionItemDetails extends ActionItemView {
  history: (ActionItemUpdate & { byName: string | null })[];
}

/**
 * Agreed action items of initiatives (issue 15 point 2): the initiative's owners add and edit them, each with an owner
 * institution (an accepted member) and a due date; the owners and the owner institution's people mark their status
 * (open, in progress, done, dropped) with a note, kept as a history. Overdue: open or in progress past the due date.
 */
@Injectable()
export class ActionItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: CooperationOutcomesRepository,
    private readonly access: InitiativeStandingService,
    private readonly institutions: InstitutionsService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, initiativeId: string, dto: CreateActionItemDto): Promise<ActionItemDetails> {
    const id = await this.dataSource.transaction(async (manager) => {
      const standing = await this.access.standing(actor, initiativeId, manager, true);
      if (!standing.owner) throw new Forbidden();
      await this.requireMember(manager, initiativeId, dto.ownerInstitutionId);
      const created = await this.outcomes.insertItem(manager, { initiativeId, ...dto, by: actor.id });
      await this.record(manager, actor, standing.initiative, 'cooperation.action_item.created', created, null, {
        initiativeId,
        body: dto.body,
        ownerInstitutionId: dto.ownerInstitutionId,
        dueOn: dto.dueOn,
      });
      return created;
    });
    return this.get(actor, id);
  }

  async update(actor: AuthUser, id: string, dto: UpdateActionItemDto): Promise<ActionItemDetails> {
    await this.dataSource.transaction(async (manager) => {
      const item = await this.outcomes.item(id, manager, true);
      if (!item) throw new NotFound('action_item');
      const standing = await this.access.standing(actor, item.initiativeId, manager).catch(() => {
        throw new NotFound('action_item');
      });
      if (!standing.owner) throw new Forbidden();
      const next = {
        body: dto.body ?? item.body,
        ownerInstitutionId: dto.ownerInstitutionId ?? item.ownerInstitutionId,
        dueOn: dto.dueOn ?? item.dueOn,
      };
      if (next.ownerInstitutionId !== item.ownerInstitutionId)
        await this.requireMember(manager, item.initiativeId, next.ownerInstitutionId);
      await this.outcomes.changeItem(manager, id, { ...next, by: actor.id });
      await this.record(
        manager,
        actor,
        standing.initiative,
        'cooperation.action_item.changed',
        id,
        { body: item.body, ownerInstitutionId: item.ownerInstitutionId, dueOn: item.dueOn },
        next,
      );
    });
    return this.get(actor, id);
  }

  /** A change of status by an owner of the initiative or a person of the owner institution (403 for other readers). */
  async mark(actor: AuthUser, id: string, dto: ActionItemStatusDto): Promise<ActionItemDetails> {
    await this.dataSource.transaction(async (manager) => {
      const item = await this.outcomes.item(id, manager, true);
      if (!item) throw new NotFound('action_item');
      const standing = await this.access.standing(actor, item.initiativeId, manager).catch(() => {
        throw new NotFound('action_item');
      });
      if (!this.mayMark(actor, standing.institutionId, item)) throw new Forbidden();
      const note = dto.note ?? '';
      await this.outcomes.mark(manager, id, { status: dto.status, note, by: actor.id });
      await this.record(
        manager,
        actor,
        standing.initiative,
        'cooperation.action_item.marked',
        id,
        { status: item.status },
        {
          status: dto.status,
          note,
          initiativeId: item.initiativeId,
        },
      );
    });
    return this.get(actor, id);
  }

  async get(actor: AuthUser, id: string): Promise<ActionItemDetails> {
    const item = await this.outcomes.item(id);
    if (!item) throw new NotFound('action_item');
    const standing = await this.access.standing(actor, item.initiativeId).catch(() => {
      throw new NotFound('action_item');
    });
    const [view] = await this.views(actor, standing.institutionId, [item]);
    const history = await this.outcomes.history(id);
    const names = await this.access.displayNames(history.flatMap((h) => (h.by ? [h.by] : [])));
    return { ...view, history: history.map((h) => ({ ...h, byName: h.by ? (names.get(h.by) ?? null) : null })) };
  }

  /** An initiative's action items, for anyone who may read the initiative's follow-up (404 otherwise). */
  async ofInitiative(
    actor: AuthUser,
    initiativeId: string,
  ): Promise<{ initiative: InitiativeFacts; items: ActionItemView[]; mayAdd: boolean; members: { id: string; name: LocaleMap }[] }> {
    const standing = await this.access.standing(actor, initiativeId);
    const rows = await this.outcomes.ofInitiative(initiativeId);
    // The institutions an owner may give an item to: the accepted members.
    const members = standing.owner ? await this.institutions.byIds(await this.outcomes.acceptedMembers(initiativeId)) : new Map();
    return {
      initiative: standing.initiative,
      items: await this.views(actor, standing.institutionId, rows),
      mayAdd: standing.owner,
      members: [...members.values()].map((i: { id: string; name: LocaleMap }) => ({ id: i.id, name: i.name })),
    };
  }

  /**
   * Action items across initiatives: facility managers all; others those their institution owns and those of the
   * initiatives their academy leads (academy administrators). Overdue first.
   */
  async list(actor: AuthUser, query: ActionItemListQueryDto): Promise<Page<ActionItemView>> {
    const institutionId = await this.access.institutionOf(actor);
    const leadAcademyId = hasRole(actor, 'academy_admin') ? actor.academyId : null;
    const { rows, total } = await this.outcomes.items(
      { all: managesFacility(actor), institutionId, leadAcademyId },
      { overdue: query.overdue === 'true', status: query.status, initiativeId: query.initiativeId },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    return { items: await this.views(actor, institutionId, rows), total };
  }

  /** The overdue action items a reader answers for or oversees (the dashboard): how many, and the first few. */
  overdue(actor: AuthUser, limit = 5): Promise<Page<ActionItemView>> {
    return this.list(actor, { overdue: 'true', limit, offset: 0 });
  }

  /** The initiative's owners, and the people of the owner institution. */
  mayMark(actor: AuthUser, institutionId: string | null, item: Pick<ActionItemRow, 'leadAcademyId' | 'ownerInstitutionId'>): boolean {
    return this.access.owns(actor, item) || (institutionId !== null && institutionId === item.ownerInstitutionId);
  }

  private async requireMember(manager: EntityManager, initiativeId: string, institutionId: string): Promise<void> {
    const members = await this.outcomes.acceptedMembers(initiativeId, manager);
    if (!members.includes(institutionId)) throw new ValidationFailed([{ field: 'ownerInstitutionId', constraint: 'isIn' }]);
  }

  private async views(actor: AuthUser, institutionId: string | null, rows: ActionItemRow[]): Promise<ActionItemView[]> {
    const names = await this.institutions.byIds(rows.map((r) => r.ownerInstitutionId));
    return rows.map((item) => ({
      item,
      ownerInstitutionName: names.get(item.ownerInstitutionId)?.name ?? null,
      mayMark: this.mayMark(actor, institutionId, item),
      mayEdit: this.access.owns(actor, item),
    }));
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    initiative: InitiativeFacts,
    action: string,
    id: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: initiative.leadAcademyId,
      action,
      entityType: 'cooperation_action_item',
      entityId: id,
      before,
      after,
    });
  }
}
