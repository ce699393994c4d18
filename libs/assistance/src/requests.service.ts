import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, type FieldViolation, Forbidden, ValidationFailed } from '@probity/i18n';
import { type AuthUser, type Page, hasRole } from '@probity/identity';
import { ELIGIBILITY_RULES, REQUEST_MOVES, type RequestMove } from './assistance-model';
import type { ApproveDto, CreateRequestDto, RequestListQueryDto, ScreeningDto, UpdateRequestDto } from './dto/requests.dto';
import type { AssistanceInstitution } from './entities/institution.entity';
import type { AssistanceRequest, RuleJudgement } from './entities/request.entity';
import { InstitutionsService } from './institutions.service';
import { type RequestAccess, RequestAccessService } from './request-access.service';
import { RequestNoticesService } from './request-notices.service';
import { type DraftChanges, RequestsRepository } from './repositories/requests.repository';
import { ATTACHABLE_STATES, missingToSubmit, movesFor } from './requests-model';

/** A request as one reader sees it: with its institution, and what the reader may do with it now. */
export interface RequestView {
  request: AssistanceRequest;
  institution: AssistanceInstitution;
  /** The reader speaks for the requesting institution. */
  requester: boolean;
  /** The reader screens and decides (a facility manager). */
  manager: boolean;
  /** The moves the reader may make now. */
  actions: RequestMove[];
  /** The reader may change the text (the requester, while it is a draft). */
  editable: boolean;
  /** The reader may attach files (the requester, until the decision). */
  attachable: boolean;
  /** The reader may record the screening's judgements (a manager, while it is screened). */
  judgeable: boolean;
}

/** The audit action of each move. */
const MOVED: Record<RequestMove, string> = {
  submit: 'assistance.request.submitted',
  withdraw: 'assistance.request.withdrawn',
  screen: 'assistance.request.screening_started',
  approve: 'assistance.request.approved',
  reject: 'assistance.request.rejected',
};

/**
 * Requests for technical assistance (issue 14 points 1-2, ADR 0012): a focal point writes a draft in any of the six
 * languages, changes it and submits it once it says what the facility needs to know; a facility manager takes it into
 * screening, judges it against the eligibility rules and approves or rejects it (with a reason). Every move is one
 * conditional UPDATE with its audit entry and the other side's notification, in one transaction.
 */
@Injectable()
export class RequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: RequestsRepository,
    private readonly access: RequestAccessService,
    private readonly institutions: InstitutionsService,
    private readonly notices: RequestNoticesService,
    private readonly audit: AuditService,
  ) {}

  /** A new draft of the actor's institution (an academy's institution is made with its first request). */
  async create(actor: AuthUser, dto: CreateRequestDto): Promise<RequestView> {
    checkDates(dto.preferredFrom ?? null, dto.preferredTo ?? null);
    const id = await this.dataSource.transaction(async (manager) => {
      const institution = await this.institutions.forNewRequest(manager, actor);
      const reference = await this.requests.nextReference(manager, new Date().getUTCFullYear());
      const request = await this.requests.insert(manager, reference, {
        institutionId: institution.id,
        createdBy: actor.id,
        locale: dto.locale ?? actor.locale,
        topic: dto.topic,
        format: dto.format,
        title: dto.title,
        need: dto.need ?? '',
        expectedResult: dto.expectedResult ?? '',
        targetGroup: dto.targetGroup ?? '',
        participants: dto.participants ?? null,
        preferredFrom: dto.preferredFrom ?? null,
        preferredTo: dto.preferredTo ?? null,
        languages: unique(dto.languages ?? []),
      });
      await this.record(manager, actor, request, institution, 'assistance.request.created', null, snapshot(request));
      return request.id;
    });
    return this.get(actor, id);
  }

  /** Changes a draft (the requester only; a submitted request: 409 request_not_draft). */
  async update(actor: AuthUser, id: string, dto: UpdateRequestDto): Promise<RequestView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager, true);
      this.access.requireRequester(access);
      const { request, institution } = access;
      if (request.status !== 'draft') throw new Conflict('request_not_draft');
      const changes: DraftChanges = {};
      for (const [key, value] of Object.entries(dto) as [keyof DraftChanges, unknown][])
        if (value !== undefined) (changes as Record<string, unknown>)[key] = key === 'languages' ? unique(value as string[]) : value;
      checkDates(
        changes.preferredFrom !== undefined ? changes.preferredFrom : request.preferredFrom,
        changes.preferredTo !== undefined ? changes.preferredTo : request.preferredTo,
      );
      if (!Object.keys(changes).length) return;
      if (!(await this.requests.updateDraft(manager, id, changes))) throw new Conflict('request_not_draft');
      const after = (await this.requests.find(id, manager))!;
      const before = snapshot(request);
      const now = snapshot(after);
      const changed = Object.keys(now).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(now[k]));
      if (changed.length)
        await this.record(
          manager,
          actor,
          after,
          institution,
          'assistance.request.updated',
          pickKeys(before, changed),
          pickKeys(now, changed),
        );
    });
    return this.get(actor, id);
  }

  /** Requests the reader may see: a focal point their institution's, a facility manager all (filtered). */
  async list(actor: AuthUser, query: RequestListQueryDto): Promise<Page<RequestView>> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const isManager = hasRole(actor, 'facility_manager', 'platform_admin');
    const own = await this.access.requesterInstitutionId(actor);
    let institutionId = query.institutionId;
    if (!isManager) {
      if (!own) {
        if (!(await this.access.mayFile(actor))) throw new Forbidden('not_a_focal_point');
        return { items: [], total: 0 };
      }
      if (institutionId && institutionId !== own) return { items: [], total: 0 };
      institutionId = own;
    }
    const { rows, total } = await this.requests.page({ institutionId, status: query.status, topic: query.topic }, limit, offset);
    const institutions = await this.institutions.byIds(rows.map((r) => r.institutionId));
    return {
      items: rows.map((request) =>
        view({
          request,
          institution: institutions.get(request.institutionId)!,
          requester: request.institutionId === own,
          manager: isManager,
        }),
      ),
      total,
    };
  }

  async get(actor: AuthUser, id: string): Promise<RequestView> {
    return view(await this.access.access(actor, id));
  }

  submit(actor: AuthUser, id: string): Promise<RequestView> {
    return this.move(actor, id, 'submit');
  }

  withdraw(actor: AuthUser, id: string): Promise<RequestView> {
    return this.move(actor, id, 'withdraw');
  }

  screen(actor: AuthUser, id: string): Promise<RequestView> {
    return this.move(actor, id, 'screen');
  }

  approve(actor: AuthUser, id: string, dto: ApproveDto): Promise<RequestView> {
    return this.move(actor, id, 'approve', dto.reason?.trim() || null);
  }

  reject(actor: AuthUser, id: string, reason: string): Promise<RequestView> {
    if (!reason?.trim()) throw new ValidationFailed([{ field: 'reason', constraint: 'isNotEmpty' }]);
    return this.move(actor, id, 'reject', reason.trim());
  }

  /** The facility manager's judgement of some eligibility rules, while the request is screened (others kept). */
  async judge(actor: AuthUser, id: string, dto: ScreeningDto): Promise<RequestView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, id, manager, true);
      this.access.requireManager(access);
      const { request, institution } = access;
      if (request.status !== 'screening') throw new Conflict('request_moved_on');
      const at = new Date().toISOString();
      const screening = { ...request.screening };
      const before: Record<string, RuleJudgement | null> = {};
      const after: Record<string, RuleJudgement> = {};
      for (const rule of ELIGIBILITY_RULES) {
        const given = dto.rules[rule];
        if (!given) continue;
        before[rule] = screening[rule] ?? null;
        screening[rule] = { met: given.met, note: given.note ?? '', by: actor.id, at };
        after[rule] = screening[rule];
      }
      if (!Object.keys(after).length) return;
      if (!(await this.requests.setScreening(manager, id, screening))) throw new Conflict('request_moved_on');
      await this.record(manager, actor, request, institution, 'assistance.request.screening_judged', before, after);
    });
    return this.get(actor, id);
  }

  /**
   * One move of REQUEST_MOVES by its side: a conditional UPDATE from the move's states (a request in another state, or
   * moved by someone else a moment before: 409 request_moved_on), its audit entry and the other side's notification.
   */
  private async move(actor: AuthUser, id: string, move: RequestMove, reason: string | null = null): Promise<RequestView> {
    const { from, to, by } = REQUEST_MOVES[move];
    await this.dataSource.transaction(async (manager) => {
      // Submitting reads the text it checks under a lock, so that no edit slips between the check and the move.
      const access = await this.access.access(actor, id, manager, move === 'submit');
      if (by === 'requester') this.access.requireRequester(access);
      else this.access.requireManager(access);
      const { request, institution } = access;
      if (move === 'submit' && request.status === 'draft') {
        const problems = missingToSubmit(request);
        if (problems.length) throw new ValidationFailed(problems);
      }
      const now = new Date();
      const decided = move === 'approve' || move === 'reject';
      const fields =
        move === 'submit' ? { submittedAt: now } : decided ? { decidedAt: now, decidedBy: actor.id, decisionReason: reason } : {};
      if (!(await this.requests.move(manager, id, from, to, fields))) throw new Conflict('request_moved_on');
      const moved = (await this.requests.find(id, manager))!;
      await this.record(
        manager,
        actor,
        moved,
        institution,
        MOVED[move],
        { status: request.status },
        decided ? { status: to, reason } : { status: to },
      );
      await this.notices.moved(manager, actor, moved, institution, to, by);
    });
    return this.get(actor, id);
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    request: AssistanceRequest,
    institution: AssistanceInstitution,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: institution.academyId,
      action,
      entityType: 'assistance_request',
      entityId: request.id,
      before,
      after: after ? { reference: request.reference, ...after } : null,
    });
  }
}

/** What the reader may do with a request, from the one access decision. */
export function view(access: RequestAccess): RequestView {
  const { request, requester, manager } = access;
  return {
    ...access,
    actions: movesFor(request.status, { requester, manager }),
    editable: requester && request.status === 'draft',
    attachable: requester && ATTACHABLE_STATES.includes(request.status),
    judgeable: manager && request.status === 'screening',
  };
}

function checkDates(from: string | null | undefined, to: string | null | undefined): void {
  const problems: FieldViolation[] = [];
  if (from && to && to < from) problems.push({ field: 'preferredTo', constraint: 'endsBeforeStart' });
  if (problems.length) throw new ValidationFailed(problems);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** What the audit trail keeps of a request's text. */
function snapshot(r: AssistanceRequest): Record<string, unknown> {
  const {
    reference,
    topic,
    format,
    title,
    locale,
    need,
    expectedResult,
    targetGroup,
    participants,
    preferredFrom,
    preferredTo,
    languages,
  } = r;
  return {
    reference,
    topic,
    format,
    title,
    locale,
    need,
    expectedResult,
    targetGroup,
    participants,
    preferredFrom,
    preferredTo,
    languages,
  };
}

function pickKeys(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}
