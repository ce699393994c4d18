import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, type FieldViolation, NotFound, ValidationFailed } from '@probity/i18n';
import { type AuthUser, UsersService } from '@probity/identity';
import type { AddParticipantDto, AttendanceDto } from './dto/missions.dto';
import type { MissionParticipant } from './entities/mission-record.entity';
import { type MissionAccess, MissionAccessService } from './mission-access.service';
import { missionDays } from './missions.service';
import { ParticipationRepository } from './repositories/participation.repository';

/** A participant as the lists show them: a learner of Probity or a guest, and their certificate's code if any. */
export interface ParticipantView {
  participant: MissionParticipant;
  learner: boolean;
  certificateCode: string | null;
}

/** The register: a column per day of the mission, a row per participant (`null`: not marked that day). */
export interface RegisterView {
  days: string[];
  rows: { participant: MissionParticipant; marks: Record<string, boolean | null>; daysPresent: number }[];
}

/** The guest's fields that must be given (e-mail and organisation may stay empty). */
const GUEST_REQUIRED = ['fullName', 'sex', 'agencyType', 'function', 'country'] as const;
/** A guest's fields, as a mission or a cooperation initiative takes them (the cooperation context reuses the rule). */
export const GUEST_FIELDS = [...GUEST_REQUIRED, 'email', 'organisation'] as const;

/** A guest as a form or the API describes them: identity's lists for sex, agency type and function. */
export type GuestInput = Partial<Pick<MissionParticipant, 'sex' | 'agencyType' | 'function'>> & {
  fullName?: string;
  email?: string;
  country?: string;
  organisation?: string;
};
export type Guest = Pick<MissionParticipant, 'fullName' | 'email' | 'sex' | 'agencyType' | 'function' | 'country' | 'organisation'>;

/**
 * A mission's participants and its attendance register (issue 14 point 4). Managers and the mission's lead expert add
 * learners of the requesting institution's academy or guests (described with identity's lists for reporting), remove
 * them (not once certified) and mark each day of the mission; everyone who may see the mission reads both.
 */
@Injectable()
export class MissionParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly participation: ParticipationRepository,
    private readonly access: MissionAccessService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, missionId: string): Promise<ParticipantView[]> {
    await this.access.access(actor, missionId);
    return this.views(missionId);
  }

  /**
   * Adds a learner (`userId`: an active learner of the institution's academy, else 404) or a guest. The same learner
   * twice: 409 participant_exists. A cancelled mission takes no one (409 mission_moved_on).
   */
  async add(actor: AuthUser, missionId: string, dto: AddParticipantDto): Promise<ParticipantView> {
    const id = await this.dataSource.transaction(async (manager) => {
      const access = await this.keeper(actor, missionId, manager);
      const participant = dto.userId
        ? await this.addLearner(manager, actor, access, dto)
        : await this.participation.insert(manager, { ...guestOf(dto), missionId, userId: null, createdBy: actor.id });
      if (!participant) throw new Conflict('participant_exists');
      await this.record(
        manager,
        actor,
        access,
        'assistance.mission.participant_added',
        null,
        {
          participantId: participant.id,
          userId: participant.userId,
          fullName: participant.fullName,
        },
        [participant.id, participant.userId],
      );
      return participant.id;
    });
    return (await this.views(missionId)).find((v) => v.participant.id === id)!;
  }

  /** Removes a participant and their marks; one who holds a certificate of participation stays (409). */
  async remove(actor: AuthUser, missionId: string, participantId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.keeper(actor, missionId, manager);
      const participant = await this.participation.find(participantId, manager);
      if (!participant || participant.missionId !== missionId) throw new NotFound('mission_participant');
      if (await this.participation.hasCertificate(manager, participantId)) throw new Conflict('participant_certified');
      if (!(await this.participation.remove(manager, missionId, participantId))) throw new NotFound('mission_participant');
      await this.record(
        manager,
        actor,
        access,
        'assistance.mission.participant_removed',
        { participantId, fullName: participant.fullName },
        null,
        [participant.id, participant.userId],
      );
    });
  }

  /**
   * Marks one day of the mission (400 for a day outside its dates or a participant of another mission); participants
   * left out keep their marks. Managers and the lead expert, unless the mission was cancelled.
   */
  async mark(actor: AuthUser, missionId: string, dto: AttendanceDto): Promise<RegisterView> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.keeper(actor, missionId, manager);
      const { mission } = access;
      const problems: FieldViolation[] = [];
      if (dto.day < mission.startsOn || dto.day > mission.endsOn) problems.push({ field: 'day', constraint: 'invalid' });
      const ids = new Set((await this.participation.participants(missionId, manager)).map((p) => p.id));
      const marks: { participantId: string; present: boolean }[] = [];
      for (const [participantId, present] of Object.entries(dto.present)) {
        if (!ids.has(participantId) || typeof present !== 'boolean')
          problems.push({ field: `present.${participantId}`, constraint: 'invalid' });
        else marks.push({ participantId, present });
      }
      if (problems.length) throw new ValidationFailed(problems.slice(0, 20));
      if (!marks.length) return;
      await this.participation.mark(manager, dto.day, marks, actor.id);
      await this.record(manager, actor, access, 'assistance.mission.attendance_marked', null, {
        day: dto.day,
        present: marks.filter((m) => m.present).map((m) => m.participantId),
        absent: marks.filter((m) => !m.present).map((m) => m.participantId),
      });
    });
    return this.register(actor, missionId);
  }

  /** The register: participants × days, with each participant's days present. */
  async register(actor: AuthUser, missionId: string): Promise<RegisterView> {
    const { mission } = await this.access.access(actor, missionId);
    const days = missionDays(mission.startsOn, mission.endsOn);
    const [participants, marks] = await Promise.all([this.participation.participants(missionId), this.participation.marks(missionId)]);
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

  /** The mission, locked, if the actor keeps its register and it was not cancelled. */
  private async keeper(actor: AuthUser, missionId: string, manager: EntityManager): Promise<MissionAccess> {
    const access = await this.access.access(actor, missionId, manager, true);
    this.access.requireRegisterKeeper(access);
    if (access.mission.status === 'cancelled') throw new Conflict('mission_moved_on');
    return access;
  }

  private async addLearner(
    manager: EntityManager,
    actor: AuthUser,
    access: MissionAccess,
    dto: AddParticipantDto,
  ): Promise<MissionParticipant | null> {
    const extra = GUEST_FIELDS.filter((f) => dto[f] !== undefined);
    if (extra.length) throw new ValidationFailed(extra.map((field) => ({ field, constraint: 'unknownField' })));
    const academyId = access.institution.academyId;
    const [person] = await this.users.facts([dto.userId!], manager);
    if (!academyId || !person || !person.active || person.academyId !== academyId || !person.roles.includes('learner'))
      throw new NotFound('user');
    const fullName = (await this.users.displayNames([person.id], manager)).get(person.id) ?? '';
    return this.participation.insert(manager, {
      missionId: access.mission.id,
      userId: person.id,
      fullName,
      email: null,
      sex: null,
      agencyType: null,
      function: null,
      country: null,
      organisation: '',
      createdBy: actor.id,
    });
  }

  private async views(missionId: string): Promise<ParticipantView[]> {
    const [participants, certificates] = await Promise.all([
      this.participation.participants(missionId),
      this.participation.certificates(missionId),
    ]);
    const codes = new Map(certificates.map((c) => [c.participantId, c.code]));
    return participants.map((participant) => ({
      participant,
      learner: participant.userId !== null,
      certificateCode: codes.get(participant.id) ?? null,
    }));
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    access: MissionAccess,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    subjects?: (string | null)[],
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: access.institution.academyId,
      action,
      entityType: 'assistance_mission',
      entityId: access.mission.id,
      before,
      after: after ? { reference: access.request.reference, ...after } : null,
      subjects,
    });
  }
}

/** A guest's fields: the required ones given (else 400, one detail per field), the optional ones or empty. */
export function guestOf(dto: GuestInput): Guest {
  const missing = GUEST_REQUIRED.filter((f) => !dto[f]);
  if (missing.length) throw new ValidationFailed(missing.map((field) => ({ field, constraint: 'isNotEmpty' })));
  return {
    fullName: dto.fullName!,
    email: dto.email || null,
    sex: dto.sex!,
    agencyType: dto.agencyType!,
    function: dto.function!,
    country: dto.country!,
    organisation: dto.organisation ?? '',
  };
}
