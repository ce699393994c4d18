/** Action items, outcome reports and the directory of cooperation initiatives (issue 15 points 2-4). */
import { ApiProperty } from '@nestjs/swagger';
import { TOPICS } from '@probity/assistance';
import {
  ACTION_ITEM_STATES,
  type ActionItemDetails,
  type ActionItemView,
  type DirectoryListing,
  type DirectoryMe,
  OUTCOME_WAVES,
  type OutcomesView,
} from '@probity/cooperation';
import type { DirectoryEntry, OutcomeReport } from '@probity/cooperation';
import { type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import type { Page } from '@probity/identity';
import { DATE, DATE_TIME, UUID } from './common.response';

const name = (map: LocaleMap | null, locale: Locale): string | null => (map ? pick(map, locale).text : null);

export class ActionItemResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  initiativeId: string;

  @ApiProperty({ example: 'CI-2026-1', description: 'The initiative’s reference' })
  reference: string;

  @ApiProperty({ description: 'The initiative’s title in the caller’s language' })
  initiativeTitle: string;

  @ApiProperty({ description: 'Its number in the initiative, from 1' })
  position: number;

  @ApiProperty()
  body: string;

  @ApiProperty(UUID)
  ownerInstitutionId: string;

  @ApiProperty({ type: String, nullable: true, description: 'The owner institution, in the caller’s language' })
  ownerInstitution: string | null;

  @ApiProperty(DATE)
  dueOn: string;

  @ApiProperty({ enum: ACTION_ITEM_STATES })
  status: string;

  @ApiProperty({ description: 'The status in the caller’s language' })
  statusText: string;

  @ApiProperty({ description: 'Open or in progress, and past its due date' })
  overdue: boolean;

  @ApiProperty({ description: 'The caller may change its status (an owner of the initiative or a person of the owner institution)' })
  mayMark: boolean;

  @ApiProperty({ description: 'The caller may edit it (an owner of the initiative)' })
  mayEdit: boolean;

  @ApiProperty(DATE_TIME)
  updatedAt: Date;
}

export function mapActionItem(view: ActionItemView, locale: Locale): ActionItemResponseDto {
  const a = view.item;
  return {
    id: a.id,
    initiativeId: a.initiativeId,
    reference: a.reference,
    initiativeTitle: pick(a.title, locale).text,
    position: a.position,
    body: a.body,
    ownerInstitutionId: a.ownerInstitutionId,
    ownerInstitution: name(view.ownerInstitutionName, locale),
    dueOn: a.dueOn,
    status: a.status,
    statusText: translate(locale, `cooperation_outcomes:states.${a.status}`),
    overdue: a.overdue,
    mayMark: view.mayMark,
    mayEdit: view.mayEdit,
    updatedAt: a.updatedAt,
  };
}

export class ActionItemPageResponseDto {
  @ApiProperty({ type: [ActionItemResponseDto] })
  items: ActionItemResponseDto[];

  @ApiProperty()
  total: number;
}

export function mapActionItemPage(page: Page<ActionItemView>, locale: Locale): ActionItemPageResponseDto {
  return { items: page.items.map((v) => mapActionItem(v, locale)), total: page.total };
}

export class InitiativeActionItemsResponseDto {
  @ApiProperty({ type: [ActionItemResponseDto], description: 'In order' })
  items: ActionItemResponseDto[];

  @ApiProperty({ description: 'The caller may add action items (an owner of the initiative)' })
  mayAdd: boolean;
}

export function mapInitiativeActionItems(
  list: { items: ActionItemView[]; mayAdd: boolean },
  locale: Locale,
): InitiativeActionItemsResponseDto {
  return { items: list.items.map((v) => mapActionItem(v, locale)), mayAdd: list.mayAdd };
}

export class ActionItemUpdateResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: ACTION_ITEM_STATES })
  status: string;

  @ApiProperty()
  note: string;

  @ApiProperty({ type: String, nullable: true, description: 'Who set it' })
  by: string | null;

  @ApiProperty(DATE_TIME)
  at: Date;
}

export class ActionItemDetailsResponseDto extends ActionItemResponseDto {
  @ApiProperty({ type: [ActionItemUpdateResponseDto], description: 'Every change of status, the newest first' })
  history: ActionItemUpdateResponseDto[];
}

export function mapActionItemDetails(details: ActionItemDetails, locale: Locale): ActionItemDetailsResponseDto {
  return {
    ...mapActionItem(details, locale),
    history: details.history.map((h) => ({ id: h.id, status: h.status, note: h.note, by: h.byName, at: h.at })),
  };
}

export class OutcomeReportResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  initiativeId: string;

  @ApiProperty(UUID)
  institutionId: string;

  @ApiProperty({ type: String, nullable: true, description: 'In the caller’s language' })
  institution: string | null;

  @ApiProperty({ enum: OUTCOME_WAVES })
  wave: number;

  @ApiProperty()
  jointInvestigations: number;

  @ApiProperty()
  mlaRequests: number;

  @ApiProperty()
  extraditionRequests: number;

  @ApiProperty()
  jointOperations: number;

  @ApiProperty()
  informationExchanges: number;

  @ApiProperty()
  mousSigned: number;

  @ApiProperty()
  note: string;

  @ApiProperty(DATE_TIME)
  submittedAt: Date;
}

export function mapOutcomeReport(r: OutcomeReport, institution: LocaleMap | null, locale: Locale): OutcomeReportResponseDto {
  return {
    id: r.id,
    initiativeId: r.initiativeId,
    institutionId: r.institutionId,
    institution: name(institution, locale),
    wave: r.wave,
    jointInvestigations: r.jointInvestigations,
    mlaRequests: r.mlaRequests,
    extraditionRequests: r.extraditionRequests,
    jointOperations: r.jointOperations,
    informationExchanges: r.informationExchanges,
    mousSigned: r.mousSigned,
    note: r.note,
    submittedAt: r.submittedAt,
  };
}

export class OutcomeInstitutionResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ enum: OUTCOME_WAVES, isArray: true, description: 'Due waves it has not answered' })
  pendingWaves: number[];
}

export class OutcomesResponseDto {
  @ApiProperty(UUID)
  initiativeId: string;

  @ApiProperty()
  reference: string;

  @ApiProperty({ enum: OUTCOME_WAVES, isArray: true, description: 'The follow-ups that are due' })
  dueWaves: number[];

  @ApiProperty({ type: [OutcomeReportResponseDto], description: 'Owners: every institution’s; a member: its own' })
  reports: OutcomeReportResponseDto[];

  @ApiProperty({ type: [OutcomeInstitutionResponseDto] })
  institutions: OutcomeInstitutionResponseDto[];

  @ApiProperty({ ...UUID, nullable: true, description: 'The institution the caller may report for' })
  mayReportFor: string | null;

  @ApiProperty()
  owner: boolean;
}

export function mapOutcomes(view: OutcomesView, locale: Locale): OutcomesResponseDto {
  return {
    initiativeId: view.initiative.id,
    reference: view.initiative.reference,
    dueWaves: view.dueWaves,
    reports: view.reports.map((r) => mapOutcomeReport(r, r.institutionName, locale)),
    institutions: view.institutions.map((i) => ({ id: i.id, name: name(i.name, locale), pendingWaves: i.pendingWaves })),
    mayReportFor: view.mayReport?.institutionId ?? null,
    owner: view.owner,
  };
}

export class DirectoryEntryResponseDto {
  @ApiProperty(UUID)
  userId: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty()
  agency: string;

  @ApiProperty({ type: String, nullable: true })
  country: string | null;

  @ApiProperty({ type: [String] })
  languages: string[];

  @ApiProperty({ enum: TOPICS, isArray: true })
  topics: string[];

  @ApiProperty({ description: 'The work contact the person chose to share' })
  workContact: string;

  @ApiProperty(DATE_TIME)
  optedInAt: Date;
}

function mapEntry(e: DirectoryEntry): DirectoryEntryResponseDto {
  return {
    userId: e.userId,
    displayName: e.displayName,
    agency: e.agency,
    country: e.country,
    languages: e.languages,
    topics: e.topics,
    workContact: e.workContact,
    optedInAt: e.optedInAt,
  };
}

export class DirectoryListingResponseDto extends DirectoryEntryResponseDto {
  @ApiProperty({ type: [String], description: 'References of the initiatives the caller shares with this person' })
  shared: string[];
}

export class DirectoryPageResponseDto {
  @ApiProperty({ type: [DirectoryListingResponseDto] })
  items: DirectoryListingResponseDto[];

  @ApiProperty()
  total: number;
}

export function mapDirectoryPage(page: Page<DirectoryListing>): DirectoryPageResponseDto {
  return { items: page.items.map((e) => ({ ...mapEntry(e), shared: e.shared })), total: page.total };
}

export class DirectoryConsentResponseDto {
  @ApiProperty({ enum: ['opt_in', 'opt_out'] })
  action: string;

  @ApiProperty(DATE_TIME)
  at: Date;
}

export class DirectoryMeResponseDto {
  @ApiProperty({ description: 'Took part in an initiative with this account: may opt in' })
  eligible: boolean;

  @ApiProperty({ type: DirectoryEntryResponseDto, nullable: true, description: 'The caller’s entry; null when not opted in' })
  entry: DirectoryEntryResponseDto | null;

  @ApiProperty({ type: [DirectoryConsentResponseDto], description: 'Every opt-in and opt-out, the newest first' })
  consents: DirectoryConsentResponseDto[];
}

export function mapDirectoryMe(me: DirectoryMe): DirectoryMeResponseDto {
  return {
    eligible: me.eligible,
    entry: me.entry ? mapEntry(me.entry) : null,
    consents: me.consents.map((c) => ({ action: c.action, at: c.at })),
  };
}
