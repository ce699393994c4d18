import { Injectable } from '@nestjs/common';
import { type AcademyCohort, CohortsService } from '@probity/cohorts';
import type { AuthUser } from '@probity/identity';
import type { AssistanceInstitution } from './entities/institution.entity';
import { InstitutionsService } from './institutions.service';
import { RequestAccessService } from './request-access.service';
import { RequestsRepository } from './repositories/requests.repository';
import {
  type RuleProposal,
  SIMILAR_YEARS,
  type SimilarRequest,
  proposeDates,
  proposeNoDuplicate,
  proposePartnerCountry,
  proposeTopic,
} from './requests-model';

/** What Probity proposes for a request's screening; the facility manager decides. */
export interface ScreeningAid {
  proposals: RuleProposal[];
  /** Requests of the same topic or institution, not drafts, of the last two years, with their institutions. */
  similar: (SimilarRequest & { institution: AssistanceInstitution | undefined })[];
  /** An academy's request: the academy's planned and running cohorts (what it already does); empty otherwise. */
  cohorts: AcademyCohort[];
}

/**
 * The screening aid (ADR 0012): per eligibility rule, a proposal from data: the institution's countries among the
 * partner countries (those of Probity's academies), the topic not `other`, the preferred dates at least 30 days after
 * submission and within 18 months of it, and no live request of the same institution on the same topic; with the
 * similar requests listed for the manager to see, and (an academy's request) the academy's planned and running cohorts.
 */
@Injectable()
export class RequestScreeningService {
  constructor(
    private readonly access: RequestAccessService,
    private readonly requests: RequestsRepository,
    private readonly institutions: InstitutionsService,
    private readonly cohorts: CohortsService,
  ) {}

  async aid(actor: AuthUser, id: string): Promise<ScreeningAid> {
    const access = await this.access.access(actor, id);
    this.access.requireManager(access);
    const { request, institution } = access;
    const submittedOn = (request.submittedAt ?? new Date()).toISOString().slice(0, 10);
    const since = new Date();
    since.setUTCFullYear(since.getUTCFullYear() - SIMILAR_YEARS);
    const similar = await this.requests.similar(request, since.toISOString().slice(0, 10));
    const institutions = await this.institutions.byIds(similar.map((s) => s.institutionId));
    const cohorts = institution.kind === 'academy' && institution.academyId ? await this.cohorts.liveOfAcademy(institution.academyId) : [];
    return {
      proposals: [
        proposePartnerCountry(await this.institutions.countriesOf(institution), await this.institutions.partnerCountries()),
        proposeTopic(request.topic),
        proposeDates(request.preferredFrom, request.preferredTo, submittedOn),
        proposeNoDuplicate(request, similar),
      ],
      similar: similar.map((s) => ({ ...s, institution: institutions.get(s.institutionId) })),
      cohorts,
    };
  }
}
