import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { GUEST_FIELDS, InstitutionsService, guestOf } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { Conflict, type FieldViolation, Forbidden, NotFound, ValidationFailed } from '@probity/i18n';
import { type AuthUser, UsersService } from '@probity/identity';
import type { AddInitiativeParticipantDto, InitiativeAttendanceDto } from './dto/initiatives.dto';
import type { Participant } from './entities/record.entity';
import { type InitiativeAccess, InitiativeAccessService, LIVE_INITIATIVE } from './initiative-access.service';
import { initiativeDays } from './initiatives.service';
import { InitiativeParticipationRepository } from './repositories/participation.repository';

/** A participant as the lists show them: a person of Probity (`learner`: with an account) or a guest. */
export interface InitiativeParticipantView {
  participant: Participant;
  account: boolean;
}

/** The register: a column per day of the initiative, a row per participant the reader may see (`null`: not marked). */
export interface InitiativeRegisterView {
  days: string[];
  rows: { participant: Participant; marks: Record<string, boolean | null>; daysPresent: number }[];
}

/**
 * An initiative's participants per institution and its register per day (issue 15 points 1-2, ADR 0013): owners see
 * and keep everyone; an accepted member's academy administrators and focal points see and keep their own institution's
 * people only; an invited or declined institution's people cannot be added (409 membership_not_accepted).
 */
@Injectable()
export class InitiativeParticipationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly participation: InitiativeParticipationRepository,
    private readonly access: InitiativeAccessService,
    private readonly institutions: InstitutionsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, initiativeId: string): Promise<InitiativeParticipantView[]> {
    const access = await this.access.access(actor, initiativeId);
    const scope = this.access.participantScope(access);
    return (await this.participation.participants(initiativeId, scope)).map(view);
  }

  /**
   * Adds a person of the institution's academy (`userId`: active, of that academy, else 404) or a guest, for a member
   * institution the reader keeps (another's: 403; not a member: 404; not accepted: 409 membership_not_accepted).
   */
  async add(actor: AuthUser, initiativeId: string, dto: AddInitiativeParticipantDto): Promise<InitiativeParticipantView> {
    const participant = await this.dataSource.transaction(async (manager) => {
      const access = await this.live(actor, initiativeId, manager);
      const membership = await this.membershipFor(access, dto.institutionId, manager);
      if (membership !== 'accepted') throw new Conflict('membership_not_accepted');
      const added = dto.userId
        ? await this.addPerson(manager, actor, access, dto)
        : await this.participation.insert(manager, {
            ...guestOf(dto),
            initiativeId,
            institutionId: dto.institutionId,
            userId: null,
            addedBy: actor.id,
          });
      if (!added) throw new Conflict('participant_exists');
      await this.record(
        manager,
        actor,
        access,
        'cooperation.participant.added',
        null,
        {
          participantId: added.id,
          institutionId: added.institutionId,
          userId: added.userId,
          fullName: added.fullName,
        },
        [added.id, added.userId],
      );
      return added;
    });
    return view(participant);
  }

  /** Removes a participant and their marks: owners any, a member's keepers their own institution's (else 404). */
  async remove(actor: AuthUser, initiativeId: string, participantId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.live(actor, initiativeId, manager);
      const scope = this.access.participantScope(access);
      const participant = await this.participation.find(participantId, manager);
      if (!participant || participant.initiativeId !== initiativeId || (scope && !scope.includes(participant.institutionId)))
        throw new NotFound('initiative_participant');
      await this.participation.remove(manager, initiativeId, participantId);
      await this.record(
        manager,
        actor,
        access,
        'cooperation.participant.removed',
        { participantId, institutionId: participant.institutionId, fullName: participant.fullName },
        null,
        [participant.id, participant.userId],
      );
    });
  }

  /**
   * Marks one day (a day outside the initiative's dates, or a participant the reader does not keep: 400); participants
   * left out keep their marks.
   */
  async mark(actor: AuthUser, initiativeId: string, dto: InitiativeAttendanceDto): Promise<InitiativeRegisterView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.live(actor, initiativeId, manager);
      const scope = this.access.participantScope(access);
      const { initiative } = access;
      const problems: FieldViolation[] = [];
      if (dto.day < initiative.startsOn || dto.day > initiative.endsOn) problems.push({ field: 'day', constraint: 'invalid' });
      const ids = new Set((await this.participation.participants(initiativeId, scope, manager)).map((p) => p.id));
      const marks: { participantId: string; present: boolean }[] = [];
      for (const [participantId, present] of Object.entries(dto.present)) {
        if (!ids.has(participantId) || typeof present !== 'boolean')
          problems.push({ field: `present.${participantId}`, constraint: 'invalid' });
        else marks.push({ participantId, present });
      }
      if (problems.length) throw new ValidationFailed(problems.slice(0, 20));
      if (!marks.length) return;
      await this.participation.mark(manager, dto.day, marks, actor.id);
      await this.record(manager, actor, access, 'cooperation.attendance.marked', null, {
        day: dto.day,
        present: marks.filter((m) => m.present).map((m) => m.participantId),
        absent: marks.filter((m) => !m.present).map((m) => m.participantId),
      });
    });
    return this.register(actor, initiativeId);
  }

  /** The register of the participants the reader may see: owners all, a member's keepers their own. */
  async register(actor: AuthUser, initiativeId: string): Promise<InitiativeRegisterView> {
    const access = await this.access.access(actor, initiativeId);
    const scope = this.access.participantScope(access);
    const { initiative } = access;
    const days = initiativeDays(initiative.startsOn, initiative.endsOn);
    const [participants, marks] = await Promise.all([
      this.participation.participants(initiativeId, scope),
      this.participation.marks(initiativeId, scope),
    ]);
    return {
      days,
      rows: participants.map((participant) => {
        const own = marks.filter((m) => m.participantId === participant.id);
        return {
          participant,
          marks: Object.fromEntries(days.map((d) => [d, own.find((m) => m.day === d)?.present ?? null])),
          daysPresent: own.filter((m) => m.present).length,
        };
      }),
    };
  }

  // ---- rules ----------------------------------------------------------------------------------------------

  /** The initiative, locked, if it is planned or held and the reader keeps someone's participants (else 403/409). */
  private async live(actor: AuthUser, initiativeId: string, manager: EntityManager): Promise<InitiativeAccess> {
    const access = await this.access.access(actor, initiativeId, manager, true);
    this.access.participantScope(access);
    if (!LIVE_INITIATIVE.includes(access.initiative.status)) throw new Conflict('initiative_moved_on');
    return access;
  }

  /** The state of the institution's membership, if the reader keeps its participants: another's 403, none 404. */
  private async membershipFor(access: InitiativeAccess, institutionId: string, manager: EntityManager): Promise<string> {
    if (!this.access.keepsParticipantsOf(access, institutionId)) throw new Forbidden();
    const membership = access.owner ? await this.access.membershipOf(access.initiative.id, institutionId, manager) : access.membership;
    if (!membership) throw new NotFound('assistance_institution');
    return membership.status;
  }

  private async addPerson(
    manager: EntityManager,
    actor: AuthUser,
    access: InitiativeAccess,
    dto: AddInitiativeParticipantDto,
  ): Promise<Participant | null> {
    const extra = GUEST_FIELDS.filter((f) => dto[f] !== undefined);
    if (extra.length) throw new ValidationFailed(extra.map((field) => ({ field, constraint: 'unknownField' })));
    const institution = (await this.institutions.byIds([dto.institutionId])).get(dto.institutionId);
    const academyId = institution?.academyId ?? null;
    const [person] = await this.users.facts([dto.userId!], manager);
    if (!academyId || !person || !person.active || person.academyId !== academyId) throw new NotFound('user');
    const fullName = (await this.users.displayNames([person.id], manager)).get(person.id) ?? '';
    return this.participation.insert(manager, {
      initiativeId: access.initiative.id,
      institutionId: dto.institutionId,
      userId: person.id,
      fullName,
      email: null,
      sex: null,
      agencyType: null,
      function: null,
      country: null,
      organisation: '',
      addedBy: actor.id,
    });
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    access: InitiativeAccess,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    subjects?: (string | null)[],
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: access.initiative.leadAcademyId,
      action,
      entityType: 'cooperation_initiative',
      entityId: access.initiative.id,
      before: before ? { reference: access.initiative.reference, ...before } : null,
      after: after ? { reference: access.initiative.reference, ...after } : null,
      subjects,
    });
  }
}

function view(participant: Participant): InitiativeParticipantView {
  return { participant, account: participant.userId !== null };
}
