import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InstitutionsService, managesFacility } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { Conflict, Forbidden, type LocaleMap } from '@probity/i18n';
import type { AuthUser, Page } from '@probity/identity';
import { InitiativeStandingService } from './action-items.service';
import type { OutcomeWave } from './cooperation-model';
import type { OutcomeReportDto } from './dto/outcomes.dto';
import type { OutcomeReport } from './entities/record.entity';
import { CooperationOutcomesRepository, type InitiativeFacts, type PendingWave } from './repositories/outcomes.repository';

/** An initiative's outcomes as one reader sees them. */
export interface OutcomesView {
  initiative: InitiativeFacts;
  /** The waves that fell due. */
  dueWaves: OutcomeWave[];
  /** Owners: every institution's reports; a member institution's people: their own. */
  reports: (OutcomeReport & { institutionName: LocaleMap | null })[];
  /** The accepted member institutions the reader sees (owners: all; a member: its own), each with the due waves it has not answered. */
  institutions: { id: string; name: LocaleMap | null; pendingWaves: OutcomeWave[] }[];
  /** The institution the reader may report for (a member's own), with the due waves it has not answered. */
  mayReport: { institutionId: string; waves: OutcomeWave[] } | null;
  owner: boolean;
}

/** A due wave not answered yet, with its institution's name (the dashboard). */
export interface PendingWaveView extends PendingWave {
  institutionName: LocaleMap | null;
}

/**
 * Outcomes at 3 and 6 months (issue 15 point 4): once a wave is due, each accepted member institution reports, once per
 * wave, aggregate counts (joint investigations, mutual legal assistance and extradition requests, joint operations,
 * information exchanges, MoUs) and a short note, through its focal point or academy administrator. A second report of
 * the same wave is refused (409 outcome_reported): counts are not corrected afterwards, the next wave reports anew.
 * The initiative's owners read every institution's reports; a member its own.
 */
@Injectable()
export class CooperationOutcomesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outcomes: CooperationOutcomesRepository,
    private readonly access: InitiativeStandingService,
    private readonly institutions: InstitutionsService,
    private readonly audit: AuditService,
  ) {}

  async report(actor: AuthUser, initiativeId: string, dto: OutcomeReportDto): Promise<OutcomeReport> {
    const id = await this.dataSource.transaction(async (manager) => {
      const standing = await this.access.standing(actor, initiativeId, manager, true);
      // Only the people of the institution report for it, and only for an accepted member.
      if (standing.institutionId !== dto.institutionId || !standing.member) throw new Forbidden();
      if (!(await this.outcomes.waveIsDue(initiativeId, dto.wave, manager))) throw new Conflict('outcome_not_due', { wave: dto.wave });
      const note = dto.note ?? '';
      const created = await this.outcomes.insertReport(manager, { ...dto, note, initiativeId, by: actor.id });
      if (!created) throw new Conflict('outcome_reported', { wave: dto.wave });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: standing.initiative.leadAcademyId,
        action: 'cooperation.outcome.reported',
        entityType: 'cooperation_outcome_report',
        entityId: created,
        before: null,
        after: {
          initiativeId,
          institutionId: dto.institutionId,
          wave: dto.wave,
          jointInvestigations: dto.jointInvestigations,
          mlaRequests: dto.mlaRequests,
          extraditionRequests: dto.extraditionRequests,
          jointOperations: dto.jointOperations,
          informationExchanges: dto.informationExchanges,
          mousSigned: dto.mousSigned,
        },
      });
      return created;
    });
    const [report] = (await this.outcomes.reports(initiativeId, dto.institutionId)).filter((r) => r.id === id);
    return report;
  }

  /** The initiative's outcomes: owners see all institutions', a member institution its own; participants only the waves. */
  async view(actor: AuthUser, initiativeId: string): Promise<OutcomesView> {
    const standing = await this.access.standing(actor, initiativeId);
    const own = standing.member ? standing.institutionId : null;
    if (!standing.owner && !own) throw new Forbidden();
    const dueWaves = await this.outcomes.dueWaves(initiativeId);
    const reports = await this.outcomes.reports(initiativeId, standing.owner ? null : own);
    const members = standing.owner ? await this.outcomes.acceptedMembers(initiativeId) : [own!];
    const names = await this.institutions.byIds(members);
    const pending = (institutionId: string): OutcomeWave[] =>
      dueWaves.filter((w) => !reports.some((r) => r.institutionId === institutionId && r.wave === w));
    return {
      initiative: standing.initiative,
      dueWaves,
      reports: reports.map((r) => ({ ...r, institutionName: names.get(r.institutionId)?.name ?? null })),
      institutions: members.map((id) => ({ id, name: names.get(id)?.name ?? null, pendingWaves: pending(id) })),
      mayReport: own ? { institutionId: own, waves: pending(own) } : null,
      owner: standing.owner,
    };
  }

  /** Due waves not answered: facility managers see every institution's, others their own institution's (the dashboard). */
  async pending(actor: AuthUser, limit = 5): Promise<Page<PendingWaveView>> {
    const institutionId = managesFacility(actor) ? null : await this.access.institutionOf(actor);
    const { rows, total } = await this.outcomes.pendingWaves({ all: managesFacility(actor), institutionId }, limit);
    const names = await this.institutions.byIds(rows.map((r) => r.institutionId));
    return { items: rows.map((r) => ({ ...r, institutionName: names.get(r.institutionId)?.name ?? null })), total };
  }
}
