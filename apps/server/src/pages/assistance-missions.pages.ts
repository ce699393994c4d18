import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AddParticipantDto,
  AttendanceDto,
  CreateMissionDto,
  ExpertsService,
  MISSION_MOVES,
  MISSION_READERS,
  MISSION_STATES,
  type MissionMove,
  MissionParticipantsService,
  MissionsService,
  ParticipationService,
  RequestsService,
  missionDays,
} from '@probity/assistance';
import { type Locale, NotFound, ProbityError, direction, formatDate, pick, translate, validated } from '@probity/i18n';
import {
  AGENCY_TYPES,
  AcademiesService,
  type AuthUser,
  CurrentUser,
  PERSON_FUNCTIONS,
  PageAuth,
  SEXES,
  UsersService,
  personValueKey,
} from '@probity/identity';
import { agendaOf, asList, ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;
const MANAGERS = ['facility_manager', 'platform_admin'] as const;
const KEEPERS = ['facility_manager', 'platform_admin', 'expert'] as const;
const MOVES = Object.keys(MISSION_MOVES) as MissionMove[];
const GUEST_FIELDS = ['fullName', 'email', 'sex', 'agencyType', 'function', 'country', 'organisation'] as const;

/**
 * Missions on pages, without JavaScript (issue 14 point 4): the list (managers all, experts theirs, focal points their
 * institution's); a mission with its experts and their flags, participants, the register by day, the certificates of
 * participation and the link to its cohort; the form that makes an approved request a mission, experts chosen from
 * the request's ranked matches; and the public page of a certificate of participation. Buttons show only what the
 * service's own view allows (`actions`, `editable`, `keepsRegister`, `mayIssue`).
 */
@ApiExcludeController()
@Controller()
export class AssistanceMissionsPages {
  constructor(
    private readonly missions: MissionsService,
    private readonly participants: MissionParticipantsService,
    private readonly participation: ParticipationService,
    private readonly requests: RequestsService,
    private readonly experts: ExpertsService,
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
  ) {}

  @Get('assistance/missions')
  @PageAuth(...MISSION_READERS)
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const query = (request.query ?? {}) as Body;
    const status = (MISSION_STATES as readonly string[]).includes(String(query.status))
      ? (query.status as (typeof MISSION_STATES)[number])
      : undefined;
    const page = await this.missions.list(user, { status, limit: 200, offset: 0 });
    await render(request, reply, 'assistance/missions', 'missions:list.title', {
      items: page.items.map((s) => ({
        id: s.mission.id,
        reference: s.reference,
        title: s.title,
        locale: s.locale,
        dir: direction(s.locale as Locale),
        institution: pick(s.institution.name, locale).text,
        status: s.mission.status,
        statusText: translate(locale, `missions:states.${s.mission.status}`),
        startsOn: s.mission.startsOn,
        endsOn: s.mission.endsOn,
        place: s.mission.online ? translate(locale, 'missions:fields.online') : s.mission.venue,
      })),
      total: page.total,
      states: MISSION_STATES.map((s) => ({ value: s, label: translate(locale, `missions:states.${s}`), selected: s === status })),
    });
  }

  // ---- making a mission of an approved request ---------------------------------------------------------------

  @Get('assistance/requests/:id/mission')
  @PageAuth(...MANAGERS)
  async newPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const existing = await this.missions.idForRequest(user, id);
    if (existing) return redirect(reply, `/assistance/missions/${existing}`);
    const view = await this.requests.get(user, id);
    const r = view.request;
    const matches = await this.experts.matches(user, id, 30);
    const form = {
      startsOn: r.preferredFrom ?? '',
      endsOn: r.preferredTo ?? '',
      venue: '',
      online: false,
      agenda: '',
      issuingAcademyId: '',
      experts: [] as string[],
      lead: '',
      ...((model.form as Body) ?? {}),
    };
    const academies = await this.academies.list({ limit: 500, offset: 0 });
    await render(
      request,
      reply,
      'assistance/mission-form',
      'missions:form.title',
      {
        request: {
          id: r.id,
          reference: r.reference,
          title: r.title,
          locale: r.locale,
          dir: direction(r.locale as Locale),
          approved: r.status === 'approved',
          institution: pick(view.institution.name, locale).text,
        },
        form,
        matches: matches.items.map((m) => ({
          id: m.expertId,
          fullName: m.fullName,
          country: m.country,
          score: m.score,
          conflict: m.conflict,
          vettingExpired: m.vettingExpired,
          chosen: form.experts.includes(m.expertId),
          lead: form.lead === m.expertId,
        })),
        academies: academies.items.map((a) => ({
          id: a.id,
          label: `${a.code} · ${pick(a.name, locale).text}`,
          selected: form.issuingAcademyId === a.id,
        })),
        ...model,
      },
      status,
      { titleParams: { reference: r.reference } },
    );
  }

  @Post('assistance/requests/:id/mission')
  @PageAuth(...MANAGERS)
  async create(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const form = {
      startsOn: formText(body, 'startsOn'),
      endsOn: formText(body, 'endsOn'),
      venue: formText(body, 'venue'),
      online: body.online === 'on',
      agenda: formText(body, 'agenda'),
      issuingAcademyId: formText(body, 'issuingAcademyId'),
      experts: asList(body.experts),
      lead: formText(body, 'lead'),
    };
    const experts = [...new Set([...form.experts, ...(form.lead ? [form.lead] : [])])];
    try {
      const dto = await validated(CreateMissionDto, {
        startsOn: form.startsOn,
        endsOn: form.endsOn,
        venue: form.venue,
        online: form.online,
        agenda: agendaOf(form.agenda),
        experts: experts.map((expertId) => ({ expertId, lead: expertId === form.lead })),
        ...(form.issuingAcademyId ? { issuingAcademyId: form.issuingAcademyId } : {}),
      });
      const view = await this.missions.create(user, id, dto);
      redirect(reply, `/assistance/missions/${view.mission.id}`, { kind: 'success', key: 'missions:form.created' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      // Agenda lines and experts are one field each on the page.
      for (const key of Object.keys(errors)) {
        const root = key.split('.')[0];
        if (root !== key) errors[root] = errors[root] ? `${errors[root]} ${errors[key]}` : errors[key];
      }
      return this.newPage(request, reply, user, id, { form, errors, message }, error instanceof ProbityError ? error.status : 400);
    }
  }

  // ---- one mission -----------------------------------------------------------------------------------------

  @Get('assistance/missions/:id')
  @PageAuth(...MISSION_READERS)
  async details(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const view = await this.missions.get(user, id);
    const m = view.mission;
    const [participants, register, certificates] = await Promise.all([
      this.participants.list(user, id),
      this.participants.register(user, id),
      this.participation.list(user, id),
    ]);
    const candidates =
      view.keepsRegister && view.institution.academyId
        ? await this.users.learnerCandidates({
            academyIds: [view.institution.academyId],
            q: '',
            excludeIds: participants.map((p) => p.participant.userId).filter((u): u is string => u !== null),
            limit: 200,
          })
        : [];
    const query = (request.query ?? {}) as Body;
    const days = missionDays(m.startsOn, m.endsOn);
    const day = days.includes(String(query.day)) ? String(query.day) : days[0];
    const guest = (model.guest as Body | undefined) ?? {};
    await render(
      request,
      reply,
      'assistance/mission',
      'missions:detail.title',
      {
        mission: {
          id: m.id,
          status: m.status,
          statusText: translate(locale, `missions:states.${m.status}`),
          startsOn: m.startsOn,
          endsOn: m.endsOn,
          venue: m.venue,
          online: m.online,
          deliveredAt: m.deliveredAt,
          agenda: m.agenda,
        },
        request: {
          id: view.request.id,
          reference: view.request.reference,
          title: view.request.title,
          locale: view.request.locale,
          dir: direction(view.request.locale as Locale),
          topic: translate(locale, `assistance:topics.${view.request.topic}`),
          format: translate(locale, `assistance:formats.${view.request.format}`),
          linked: view.manager || view.host,
        },
        institution: pick(view.institution.name, locale).text,
        issuingAcademy: view.issuingAcademy ? `${view.issuingAcademy.code} · ${pick(view.issuingAcademy.name, locale).text}` : null,
        experts: view.experts,
        cohort: view.cohort,
        followUps: view.followUps.map((f) => ({
          label: translate(locale, 'missions:detail.follow_up', { count: f.wave, date: formatDate(locale, f.dueOn) }),
        })),
        buttons: view.actions.map((move) => ({ move, label: translate(locale, `missions:moves.${move}`) })),
        view: { editable: view.editable, keepsRegister: view.keepsRegister, mayIssue: view.mayIssue, manager: view.manager },
        participants: participants.map((p) => ({
          id: p.participant.id,
          fullName: p.participant.fullName,
          learner: p.learner,
          description: p.learner
            ? translate(locale, 'missions:participants.learner')
            : [
                translate(locale, personValueKey('agencyType', p.participant.agencyType)),
                translate(locale, personValueKey('function', p.participant.function)),
                p.participant.organisation,
                p.participant.country,
              ]
                .filter(Boolean)
                .join(' · '),
          certificateCode: p.certificateCode,
          removable: view.keepsRegister && !p.certificateCode,
        })),
        candidates,
        lists: {
          sex: SEXES.map((c) => ({ value: c, label: translate(locale, personValueKey('sex', c)), selected: guest.sex === c })),
          agencyType: AGENCY_TYPES.map((c) => ({
            value: c,
            label: translate(locale, personValueKey('agencyType', c)),
            selected: guest.agencyType === c,
          })),
          function: PERSON_FUNCTIONS.map((c) => ({
            value: c,
            label: translate(locale, personValueKey('function', c)),
            selected: guest.function === c,
          })),
        },
        guest,
        register: {
          days: register.days.map((d) => ({ day: d, text: formatDate(locale, d), current: d === day })),
          rows: register.rows.map((row) => ({
            id: row.participant.id,
            fullName: row.participant.fullName,
            cells: register.days.map((d) => ({ present: row.marks[d] === true, absent: row.marks[d] === false })),
            daysPresent: row.daysPresent,
            checked: row.marks[day] === true,
          })),
        },
        day,
        dayText: formatDate(locale, day),
        certificates: certificates.map((c) => ({ code: c.code, holder: c.record.holder.fullName, revoked: c.revokedAt !== null })),
        ...model,
      },
      status,
      { titleParams: { reference: view.request.reference } },
    );
  }

  @Post('assistance/missions/:id/moves/:move')
  @PageAuth(...MANAGERS)
  async move(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('move') move: string,
  ): Promise<void> {
    if (!(MOVES as string[]).includes(move)) return redirect(reply, `/assistance/missions/${id}`);
    try {
      const done = move as MissionMove;
      await (done === 'start'
        ? this.missions.start(user, id)
        : done === 'deliver'
          ? this.missions.deliver(user, id)
          : this.missions.cancel(user, id));
      redirect(reply, `/assistance/missions/${id}`, { kind: 'success', key: `missions:moved.${done}` });
    } catch (error) {
      redirect(reply, `/assistance/missions/${id}`, errorFlash(request, error));
    }
  }

  @Post('assistance/missions/:id/cohort')
  @PageAuth(...MANAGERS)
  async cohort(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const cohortId = body.unlink === '1' ? null : formText(body, 'cohortId');
    try {
      if (cohortId !== null && !/^[0-9a-f-]{36}$/i.test(cohortId)) throw new NotFound('cohort');
      await this.missions.setCohort(user, id, cohortId);
      redirect(reply, `/assistance/missions/${id}`, { kind: 'success', key: 'missions:cohort.saved' });
    } catch (error) {
      redirect(reply, `/assistance/missions/${id}`, errorFlash(request, error));
    }
  }

  @Post('assistance/missions/:id/participants')
  @PageAuth(...KEEPERS)
  async addParticipant(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const learner = formText(body, 'userId');
    const guest: Record<string, string> = {};
    if (!learner) for (const key of GUEST_FIELDS) if (formText(body, key)) guest[key] = formText(body, key);
    if (guest.country) guest.country = guest.country.toUpperCase();
    try {
      const dto = await validated(AddParticipantDto, learner ? { userId: learner } : guest);
      await this.participants.add(user, id, dto);
      redirect(reply, `/assistance/missions/${id}#participants`, { kind: 'success', key: 'missions:participants.added' });
    } catch (error) {
      if (learner) return redirect(reply, `/assistance/missions/${id}#participants`, errorFlash(request, error));
      const { message, errors } = formError(request, error);
      return this.details(
        request,
        reply,
        user,
        id,
        { guest, guestErrors: errors, guestMessage: message },
        error instanceof ProbityError ? error.status : 400,
      );
    }
  }

  @Post('assistance/missions/:id/participants/:participantId/delete')
  @PageAuth(...KEEPERS)
  async removeParticipant(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('participantId', ParseUUIDPipe) participantId: string,
  ): Promise<void> {
    try {
      await this.participants.remove(user, id, participantId);
      redirect(reply, `/assistance/missions/${id}#participants`, { kind: 'success', key: 'missions:participants.removed' });
    } catch (error) {
      redirect(reply, `/assistance/missions/${id}#participants`, errorFlash(request, error));
    }
  }

  /** One day of the register: every participant listed on the form, ticked present, the others absent. */
  @Post('assistance/missions/:id/attendance')
  @PageAuth(...KEEPERS)
  async attendance(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const day = formText(body, 'day');
    const present = new Set(asList(body.present));
    const listed = asList(body.listed);
    try {
      const dto = await validated(AttendanceDto, { day, present: Object.fromEntries(listed.map((pid) => [pid, present.has(pid)])) });
      await this.participants.mark(user, id, dto);
      redirect(reply, `/assistance/missions/${id}?day=${encodeURIComponent(day)}#register`, {
        kind: 'success',
        key: 'missions:register.saved',
      });
    } catch (error) {
      redirect(reply, `/assistance/missions/${id}#register`, errorFlash(request, error));
    }
  }

  @Post('assistance/missions/:id/certificates')
  @PageAuth(...MANAGERS)
  async issue(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      const issued = await this.participation.issue(user, id);
      redirect(reply, `/assistance/missions/${id}#certificates`, {
        kind: 'success',
        key: 'missions:certificates.issued',
        params: { count: issued.length },
      });
    } catch (error) {
      redirect(reply, `/assistance/missions/${id}#certificates`, errorFlash(request, error));
    }
  }

  // ---- the public page of a certificate of participation -----------------------------------------------------

  @Get('assistance/participation/:code')
  async verify(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('code') code: string): Promise<void> {
    const locale = ctx(request).probity.locale;
    try {
      const found = await this.participation.verify(code, request.ip);
      const r = found.record;
      await render(request, reply, 'assistance/participation', 'missions:participation.title', {
        found: true,
        valid: found.valid && !found.revoked,
        broken: !found.valid,
        revoked: found.revoked,
        revokedOn: found.revokedAt ? formatDate(locale, found.revokedAt) : null,
        revokedReason: found.revokedReason,
        code: found.code,
        holder: found.holderErased ? translate(locale, 'certificates:verify.holder_erased') : r.holder.fullName,
        holderErased: found.holderErased,
        mission: {
          ...r.mission,
          formatText: translate(locale, `assistance:formats.${r.mission.format}`),
          topicText: translate(locale, `assistance:topics.${r.mission.topic}`),
          dates: `${formatDate(locale, r.mission.startsOn)} – ${formatDate(locale, r.mission.endsOn)}`,
        },
        issuer: `${r.issuer.code} · ${pick(r.issuer.name, locale).text}`,
        days: translate(locale, 'missions:participation.days', { count: r.daysTotal, present: r.daysPresent }),
        issuedOn: formatDate(locale, r.issuedAt),
        kid: found.kid,
      });
    } catch (error) {
      if (!(error instanceof ProbityError) || (error.status !== 404 && error.status !== 429)) throw error;
      await render(
        request,
        reply,
        'assistance/participation',
        'missions:participation.title',
        { found: false, message: formError(request, error).message, typed: code.slice(0, 40) },
        error.status,
      );
    }
  }
}
