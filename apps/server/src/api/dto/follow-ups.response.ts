/** Follow-up waves: a cohort's schedule, a learner's supervisor and follow-ups, a questionnaire, a wave's results. */
import { ApiProperty } from '@nestjs/swagger';
import {
  FOLLOW_UP_ITEM_TYPES,
  FREQUENCY_VALUES,
  type FollowUpForm,
  type FollowUpItem,
  type FollowUpResults,
  type FollowUpSchedule,
  type MyFollowUps,
  RESPONDENTS,
  type SupervisorStanding,
} from '@probity/evaluation';
import { LANGUAGE_NAMES, LOCALES, type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import { DATE_TIME, UUID } from './common.response';

const STATUSES = ['open', 'answered', 'expired'];

export class RespondentCountResponseDto {
  @ApiProperty({ description: 'Invitations sent (a learner’s at once, a supervisor’s once mailed)' })
  invited: number;

  @ApiProperty()
  answered: number;
}

export class WaveCountsResponseDto {
  @ApiProperty({ type: RespondentCountResponseDto })
  learner: RespondentCountResponseDto;

  @ApiProperty({ type: RespondentCountResponseDto })
  supervisor: RespondentCountResponseDto;
}

export class FollowUpWaveResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ minimum: 1, maximum: 24, description: 'Months after each learner’s completion' })
  months: number;

  @ApiProperty(UUID)
  learnerTemplateId: string;

  @ApiProperty(UUID)
  supervisorTemplateId: string;

  @ApiProperty({ minimum: 3, description: 'Results of each kind of respondent show once at least this many answered' })
  minResponses: number;

  @ApiProperty({ description: 'Invitations exist: the wave keeps its months and questionnaires' })
  started: boolean;

  @ApiProperty({ type: WaveCountsResponseDto })
  counts: WaveCountsResponseDto;

  @ApiProperty(DATE_TIME)
  createdAt: Date;
}

export class FollowUpScheduleResponseDto {
  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty({ description: 'The threshold of the waves (the default while none is scheduled)' })
  minResponses: number;

  @ApiProperty({ type: [FollowUpWaveResponseDto], description: 'In order of months; empty: no follow-up scheduled' })
  waves: FollowUpWaveResponseDto[];
}

export function mapSchedule(schedule: FollowUpSchedule): FollowUpScheduleResponseDto {
  return {
    cohortId: schedule.cohort.id,
    cohortName: schedule.cohort.name,
    minResponses: schedule.minResponses,
    waves: schedule.waves.map(({ wave, started, counts }) => ({
      id: wave.id,
      months: wave.months,
      learnerTemplateId: wave.learnerTemplateId,
      supervisorTemplateId: wave.supervisorTemplateId,
      minResponses: wave.minResponses,
      started,
      counts,
      createdAt: wave.createdAt,
    })),
  };
}

export class SupervisorContactResponseDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: LOCALES })
  locale: string;

  @ApiProperty(DATE_TIME)
  updatedAt: Date;
}

export class SupervisorStandingResponseDto {
  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty(DATE_TIME)
  completedAt: Date;

  @ApiProperty({ type: SupervisorContactResponseDto, nullable: true, description: 'null: nobody named yet' })
  supervisor: SupervisorContactResponseDto | null;

  @ApiProperty({ description: 'False once the first mail to the supervisor went out' })
  editable: boolean;

  @ApiProperty({ type: [Number], description: 'Months after the completion at which the supervisor is asked' })
  waveMonths: number[];

  @ApiProperty({ description: 'What the supervisor will receive, in the caller’s language' })
  notice: string;
}

export function mapStanding(standing: SupervisorStanding, locale: Locale): SupervisorStandingResponseDto {
  const contact = standing.contact;
  return {
    cohortId: standing.cohort.id,
    cohortName: standing.cohort.name,
    completedAt: standing.completedAt,
    supervisor: contact ? { name: contact.name, email: contact.email, locale: contact.locale, updatedAt: contact.updatedAt } : null,
    editable: standing.editable,
    waveMonths: standing.waveMonths,
    notice: supervisorNotice(locale, contact?.locale),
  };
}

/** What the supervisor will receive, said to the learner (the page shows it beside the form). */
export function supervisorNotice(locale: Locale, supervisorLocale?: Locale): string {
  return translate(locale, 'followups:supervisor.notice', {
    language: supervisorLocale ? LANGUAGE_NAMES[supervisorLocale] : translate(locale, 'followups:supervisor.their_language'),
  });
}

export class MyFollowUpInvitationResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty()
  months: number;

  @ApiProperty({ enum: STATUSES })
  status: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  expiresAt: Date | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  answeredAt: Date | null;
}

export class MyFollowUpsResponseDto {
  @ApiProperty({ type: [MyFollowUpInvitationResponseDto], description: 'The caller’s own questionnaires, the newest first' })
  invitations: MyFollowUpInvitationResponseDto[];

  @ApiProperty({ type: [SupervisorStandingResponseDto], description: 'Per cohort the caller completed: the supervisor named' })
  cohorts: SupervisorStandingResponseDto[];
}

export function mapMine(mine: MyFollowUps, locale: Locale): MyFollowUpsResponseDto {
  return {
    invitations: mine.invitations.map(({ invitation, wave, cohort, status }) => ({
      id: invitation.id,
      cohortId: cohort.id,
      cohortName: cohort.name,
      months: wave.months,
      status,
      expiresAt: invitation.expiresAt,
      answeredAt: invitation.answeredAt,
    })),
    cohorts: mine.cohorts.map((c) => mapStanding(c, locale)),
  };
}

export class FollowUpOptionResponseDto {
  @ApiProperty({ description: 'What an answer sends: the step (frequency, 1–5) or the option’s number (1…n)' })
  value: number;

  @ApiProperty()
  text: string;
}

export class FollowUpItemResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: FOLLOW_UP_ITEM_TYPES })
  type: string;

  @ApiProperty()
  text: string;

  @ApiProperty()
  required: boolean;

  @ApiProperty({ type: [FollowUpOptionResponseDto], description: 'frequency: never … always; choices: the options; others: none' })
  options: FollowUpOptionResponseDto[];
}

export class FollowUpFormResponseDto {
  @ApiProperty(UUID)
  invitationId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty({ description: 'The course’s title in the caller’s language' })
  course: string;

  @ApiProperty({ description: 'The questionnaire’s title' })
  title: string;

  @ApiProperty()
  intro: string;

  @ApiProperty({ enum: STATUSES })
  status: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  expiresAt: Date | null;

  @ApiProperty({ type: [FollowUpItemResponseDto] })
  items: FollowUpItemResponseDto[];
}

/** A questionnaire's items in one language (frequency items with their five steps). */
export function formItems(items: FollowUpItem[], text: (map: LocaleMap) => string, locale: Locale): FollowUpItemResponseDto[] {
  return items.map((item) => ({
    id: item.id,
    type: item.type,
    text: text(item.text),
    required: item.required,
    options:
      item.type === 'frequency'
        ? FREQUENCY_VALUES.map((v) => ({ value: v, text: translate(locale, `followups:frequency.${v}`) }))
        : (item.options ?? []).map((o, i) => ({ value: i + 1, text: text(o.text) })),
  }));
}

export function mapForm(form: FollowUpForm, locale: Locale): FollowUpFormResponseDto {
  const text = (map: LocaleMap): string => pick(map, locale, form.cohort.locale as Locale).text;
  return {
    invitationId: form.invitation.id,
    cohortName: form.cohort.name,
    course: text(form.courseTitle),
    title: text(form.template.title),
    intro: text(form.template.intro),
    status: form.status,
    expiresAt: form.invitation.expiresAt,
    items: formItems(form.items, text, locale),
  };
}

export class FollowUpAnsweredResponseDto {
  @ApiProperty(DATE_TIME)
  answeredAt: Date;
}

export class FollowUpItemResultResponseDto {
  @ApiProperty(UUID)
  itemId: string;

  @ApiProperty({ enum: FOLLOW_UP_ITEM_TYPES })
  type: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ description: 'How many answered this question' })
  n: number;

  @ApiProperty({ type: [Number], description: 'frequency: per step 1–5 (never … always); choices: per option 1…n' })
  counts: number[];

  @ApiProperty({ type: Number, nullable: true, description: 'count items: the cases of everyone together' })
  sum: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'count items: cases per person who answered (two decimals)' })
  mean: number | null;

  @ApiProperty({ type: [String], description: 'Open questions: the answers without their authors, in a random order' })
  answers: string[];
}

export class RespondentResultsResponseDto {
  @ApiProperty({ enum: RESPONDENTS })
  respondent: string;

  @ApiProperty()
  invited: number;

  @ApiProperty()
  answered: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Answered of invited, percent' })
  responseRate: number | null;

  @ApiProperty({ description: 'At least minResponses answered: the answers are shown, in aggregate only' })
  shown: boolean;

  @ApiProperty({ type: Number, nullable: true, description: 'Percent applying the training at least sometimes' })
  applyingPercent: number | null;

  @ApiProperty({ type: [FollowUpItemResultResponseDto], description: 'Empty while hidden' })
  items: FollowUpItemResultResponseDto[];
}

export class FollowUpResultsResponseDto {
  @ApiProperty(UUID)
  waveId: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty()
  months: number;

  @ApiProperty()
  minResponses: number;

  @ApiProperty({ type: [RespondentResultsResponseDto], description: 'Learners, then supervisors' })
  respondents: RespondentResultsResponseDto[];
}

export function mapResults(results: FollowUpResults, locale: Locale): FollowUpResultsResponseDto {
  const text = (map: LocaleMap): string => pick(map, locale, results.cohort.locale as Locale).text;
  return {
    waveId: results.wave.id,
    cohortId: results.cohort.id,
    cohortName: results.cohort.name,
    months: results.wave.months,
    minResponses: results.wave.minResponses,
    respondents: results.respondents.map((r) => ({
      respondent: r.respondent,
      invited: r.invited,
      answered: r.answered,
      responseRate: r.responseRate,
      shown: r.shown,
      applyingPercent: r.applyingPercent,
      items: r.items.map((i) => ({
        itemId: i.item.id,
        type: i.item.type,
        text: text(i.item.text),
        n: i.n,
        counts: i.counts,
        sum: i.sum,
        mean: i.mean,
        answers: i.answers,
      })),
    })),
  };
}
