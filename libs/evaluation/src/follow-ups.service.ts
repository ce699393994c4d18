import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type Cohort, CohortsService, ProgressService } from '@probity/cohorts';
import { Conflict, type FieldViolation, Forbidden, NotFound, ValidationFailed } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import type { ScheduleFollowUpsDto, SupervisorContactDto } from './dto/follow-ups.dto';
import type { SupervisorContact } from './entities/follow-up-contact.entity';
import type { FollowUpWave } from './entities/follow-up-wave.entity';
import type { SurveyTemplate } from './entities/survey-template.entity';
import {
  DEFAULT_WAVE_MONTHS,
  FOLLOW_UP_LEARNER_CODE,
  FOLLOW_UP_SUPERVISOR_CODE,
  type Respondent,
  type StandardFollowUpTemplate,
  followUpItemProblems,
} from './follow-up-model';
import { FollowUpsRepository } from './repositories/follow-ups.repository';
import { DEFAULT_MIN_RESPONSES } from './survey-model';

/** A wave and how far it got: per kind of respondent, invitations sent and answered. */
export interface WaveView {
  wave: FollowUpWave;
  /** Invitations exist: its months no longer change and it cannot be removed. */
  started: boolean;
  counts: Record<Respondent, { invited: number; answered: number }>;
}

/** A cohort's follow-up schedule, for its staff. */
export interface FollowUpSchedule {
  cohort: Cohort;
  waves: WaveView[];
  /** The threshold of the waves (the default when none is scheduled). */
  minResponses: number;
}

/** Whom a learner named to be asked about them, for one cohort they completed. */
export interface SupervisorStanding {
  cohort: Cohort;
  completedAt: Date;
  contact: SupervisorContact | null;
  /** False once a mail went to the supervisor (or is going out): the contact then stays as it is. */
  editable: boolean;
  /** Months after the completion at which the cohort's waves ask. */
  waveMonths: number[];
}

/**
 * Follow-up waves (Kirkpatrick levels 3/4, ADR 0010): a cohort's schedule (its staff), the supervisor a learner names,
 * and the standard questionnaires. The worker's side is `FollowUpInvitationsService`, answering
 * `FollowUpAnswersService`, results `FollowUpResultsService`.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly followUps: FollowUpsRepository,
    private readonly cohorts: CohortsService,
    private readonly progress: ProgressService,
    private readonly audit: AuditService,
  ) {}

  // ---- the standard questionnaires ---------------------------------------------------------------------

  /** A standard questionnaire under its code, created on an empty database and left as it is afterwards. True when created now. */
  async ensureStandard(standard: StandardFollowUpTemplate): Promise<boolean> {
    const problems = followUpItemProblems(standard.items);
    if (problems.length) throw new ValidationFailed(problems);
    if (await this.followUps.templateByCode(standard.code)) return false;
    return this.dataSource.transaction(async (manager) => {
      const id = await this.followUps.insertStandard(manager, standard);
      if (!id) return false;
      await this.audit.record(manager, {
        actorId: null,
        academyId: null,
        action: 'survey_template.created',
        entityType: 'survey_template',
        entityId: id,
        before: null,
        after: { code: standard.code, kind: standard.kind, items: standard.items.length },
      });
      return true;
    });
  }

  templateByCode(code: string): Promise<SurveyTemplate | null> {
    return this.followUps.templateByCode(code);
  }

  // ---- a cohort's schedule -----------------------------------------------------------------------------

  async schedule(actor: AuthUser, cohortId: string): Promise<FollowUpSchedule> {
    const cohort = await this.staffCohort(actor, cohortId);
    return this.scheduleOf(cohort);
  }

  /**
   * Sets a cohort's waves (its trainers, its academy's administrators, platform administrators): the months listed
   * (default 3 and 6), the threshold and the questionnaires. A wave that has invitations keeps its months and
   * questionnaires: leaving it out is refused (409 `follow_up_wave_started`).
   */
  async setSchedule(actor: AuthUser, cohortId: string, dto: ScheduleFollowUpsDto): Promise<FollowUpSchedule> {
    const months = (dto.waves ?? DEFAULT_WAVE_MONTHS.map((m) => ({ months: m }))).map((w) => w.months);
    const twice: FieldViolation[] = months.flatMap((m, i) =>
      months.indexOf(m) !== i ? [{ field: `waves.${i}.months`, constraint: 'followUpMonthsTwice' }] : [],
    );
    if (twice.length) throw new ValidationFailed(twice);
    const cohort = await this.dataSource.transaction(async (manager) => {
      const found = await this.staffCohort(actor, cohortId, manager, true);
      const learnerTemplate = await this.template(dto.learnerTemplateId, FOLLOW_UP_LEARNER_CODE, 'follow_up_learner', found, manager);
      const supervisorTemplate = await this.template(
        dto.supervisorTemplateId,
        FOLLOW_UP_SUPERVISOR_CODE,
        'follow_up_supervisor',
        found,
        manager,
      );
      const existing = await this.followUps.waves(cohortId, manager, true);
      const started = await this.followUps.invitationCounts(
        existing.map((w) => w.id),
        manager,
      );
      const minResponses = dto.minResponses ?? existing[0]?.minResponses ?? DEFAULT_MIN_RESPONSES;
      const removed = existing.filter((w) => !months.includes(w.months));
      if (removed.some((w) => started.has(w.id))) throw new Conflict('follow_up_wave_started');
      await this.followUps.deleteWaves(
        manager,
        removed.map((w) => w.id),
      );
      for (const wave of existing.filter((w) => months.includes(w.months))) {
        const templatesChange = wave.learnerTemplateId !== learnerTemplate.id || wave.supervisorTemplateId !== supervisorTemplate.id;
        if (templatesChange && started.has(wave.id) && (dto.learnerTemplateId || dto.supervisorTemplateId))
          throw new Conflict('follow_up_wave_started');
        if (!started.has(wave.id)) {
          wave.learnerTemplateId = learnerTemplate.id;
          wave.supervisorTemplateId = supervisorTemplate.id;
        }
        wave.minResponses = minResponses;
        await this.followUps.saveWave(manager, wave);
      }
      for (const m of months.filter((m) => !existing.some((w) => w.months === m)))
        await this.followUps.insertWave(manager, {
          cohortId,
          academyId: found.academyId,
          months: m,
          learnerTemplateId: learnerTemplate.id,
          supervisorTemplateId: supervisorTemplate.id,
          minResponses,
          createdBy: actor.id,
        });
      const before = existing.length ? { months: existing.map((w) => w.months), minResponses: existing[0].minResponses } : null;
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: found.academyId,
        action: existing.length ? 'follow_up.schedule_changed' : 'follow_up.scheduled',
        entityType: 'cohort',
        entityId: cohortId,
        before,
        after: {
          months: [...months].sort((a, b) => a - b),
          minResponses,
          learnerTemplateId: learnerTemplate.id,
          supervisorTemplateId: supervisorTemplate.id,
        },
      });
      return found;
    });
    return this.scheduleOf(cohort);
  }

  /** A wave and its cohort, for the cohort's staff: 404 for anyone who cannot see the cohort, 403 for partners. */
  async staffWave(actor: AuthUser, waveId: string): Promise<{ wave: FollowUpWave; cohort: Cohort }> {
    const wave = await this.followUps.findWave(waveId);
    if (!wave) throw new NotFound('follow_up_wave');
    return { wave, cohort: await this.staffCohort(actor, wave.cohortId) };
  }

  // ---- a learner's supervisor ------------------------------------------------------------------------------

  /** The supervisor the learner named for a cohort they completed (404 not enrolled, 403 not completed). */
  async supervisor(actor: AuthUser, cohortId: string): Promise<SupervisorStanding> {
    const { cohort, completedAt } = await this.completedCohort(actor, cohortId);
    const contact = await this.followUps.contactOf(actor.id, cohortId);
    return {
      cohort,
      completedAt,
      contact,
      editable: !contact || !(await this.followUps.contactInUse(contact.id)),
      waveMonths: (await this.followUps.waves(cohortId)).map((w) => w.months),
    };
  }

  /**
   * Names (or changes) the supervisor to be asked about the learner, until the first mail to them went out (409
   * `supervisor_contact_locked` after). Audited without the address.
   */
  async setSupervisor(actor: AuthUser, cohortId: string, dto: SupervisorContactDto): Promise<SupervisorStanding> {
    if (dto.email.toLowerCase() === actor.email.toLowerCase())
      throw new ValidationFailed([{ field: 'email', constraint: 'supervisorNotSelf' }]);
    await this.dataSource.transaction(async (manager) => {
      const { cohort } = await this.completedCohort(actor, cohortId, manager);
      const existing = await this.followUps.contactOf(actor.id, cohortId, manager, true);
      if (existing && (await this.followUps.contactInUse(existing.id, manager))) throw new Conflict('supervisor_contact_locked');
      const changed = existing
        ? (['name', 'email', 'locale'] as const).filter(
            (field) => existing[field] !== (field === 'email' ? dto.email.toLowerCase() : dto[field]),
          )
        : ['name', 'email', 'locale'];
      const saved = await this.followUps.saveContact(manager, {
        ...(existing ? { id: existing.id } : {}),
        userId: actor.id,
        cohortId,
        name: dto.name,
        email: dto.email.toLowerCase(),
        locale: dto.locale,
      });
      if (existing && !changed.length) return;
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: cohort.academyId,
        action: existing ? 'supervisor_contact.changed' : 'supervisor_contact.named',
        entityType: 'supervisor_contact',
        entityId: saved.id,
        before: null,
        after: { cohortId, changed, locale: dto.locale },
      });
    });
    return this.supervisor(actor, cohortId);
  }

  /** Every supervisor the learner named, for any cohort (their privacy page, issue 16 point 5). */
  supervisorContacts(actor: AuthUser): Promise<SupervisorContact[]> {
    return this.followUps.contactsOf(actor.id);
  }

  /**
   * The learner withdraws their consent to follow-ups with their supervisors: every contact they named is deleted at
   * once, with its invitations, links and answers, so no mail goes to a supervisor afterwards (a link already mailed
   * opens nothing). Audited per contact, without the address. Answers how many were deleted.
   */
  async withdrawSupervisors(actor: AuthUser): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const deleted = await this.followUps.deleteContactsOf(manager, actor.id);
      for (const contact of deleted)
        await this.audit.record(manager, {
          actorId: actor.id,
          academyId: actor.academyId,
          action: 'supervisor_contact.withdrawn',
          entityType: 'supervisor_contact',
          entityId: contact.id,
          before: null,
          after: { cohortId: contact.cohortId },
        });
      return deleted.length;
    });
  }

  // ---- rules ----------------------------------------------------------------------------------------------

  /** The cohort, for its staff: 404 for anyone who cannot see it, 403 for partner academies' administrators. */
  async staffCohort(actor: AuthUser, cohortId: string, manager?: EntityManager, lock = false): Promise<Cohort> {
    const access = await this.cohorts.access(actor, cohortId, manager, lock);
    if (!access.staff) throw new Forbidden();
    return access.cohort;
  }

  /** A cohort the learner completed, and when: 404 when they are not enrolled, 403 before completion. */
  async completedCohort(actor: AuthUser, cohortId: string, manager?: EntityManager): Promise<{ cohort: Cohort; completedAt: Date }> {
    const [completion] = await this.cohorts.completions([cohortId], actor.id, manager);
    const cohort = completion && (await this.cohorts.find(cohortId, manager));
    if (completion && cohort) return { cohort, completedAt: completion.completedAt };
    if (await this.progress.learnerState(actor, cohortId)) throw new Forbidden('follow_up_not_completed');
    throw new NotFound('cohort');
  }

  private async scheduleOf(cohort: Cohort): Promise<FollowUpSchedule> {
    const waves = await this.followUps.waves(cohort.id);
    const counts = await this.followUps.counts(waves.map((w) => w.id));
    return {
      cohort,
      minResponses: waves[0]?.minResponses ?? DEFAULT_MIN_RESPONSES,
      waves: waves.map((wave) => {
        const of = (respondent: Respondent) => {
          const c = counts.find((x) => x.waveId === wave.id && x.respondent === respondent);
          return { invited: c?.invited ?? 0, answered: c?.answered ?? 0 };
        };
        const perRespondent = { learner: of('learner'), supervisor: of('supervisor') };
        return { wave, counts: perRespondent, started: counts.some((x) => x.waveId === wave.id) };
      }),
    };
  }

  /** The questionnaire asked for (of its kind, platform-wide or the cohort's academy's), or the standard one. */
  private async template(
    id: string | undefined,
    code: string,
    kind: 'follow_up_learner' | 'follow_up_supervisor',
    cohort: Cohort,
    manager: EntityManager,
  ): Promise<SurveyTemplate> {
    const template = id
      ? await this.followUps.findTemplate(id, kind, cohort.academyId, manager)
      : await this.followUps.templateByCode(code, manager);
    if (!template || template.kind !== kind) throw new NotFound('survey_template');
    return template;
  }
}
