import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOPICS, attachmentDisposition } from '@probity/assistance';
import {
  AddInitiativeParticipantDto,
  CreateInitiativeDto,
  INITIATIVE_FORMATS,
  INITIATIVE_MOVES,
  INITIATIVE_STATES,
  InitiativeAccessService,
  InitiativeAttendanceDto,
  InitiativeLinksDto,
  InitiativeMembersService,
  InitiativeParticipationService,
  type InitiativeMove,
  type InitiativeView,
  InitiativesService,
  MaterialsService,
  UpdateInitiativeDto,
} from '@probity/cooperation';
import { LOCALES, type Locale, type LocaleMap, ProbityError, formatDate, pick, translate, validated } from '@probity/i18n';
import {
  AGENCY_TYPES,
  type AuthUser,
  CurrentUser,
  PERSON_FUNCTIONS,
  PageAuth,
  SEXES,
  UsersService,
  personValueKey,
} from '@probity/identity';
import { uploadOf } from '../http/attachment-body';
import { agendaOf, asList, ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;
const MOVES = Object.keys(INITIATIVE_MOVES) as InitiativeMove[];
const GUEST_FIELDS = ['fullName', 'email', 'sex', 'agencyType', 'function', 'country', 'organisation'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A per-language text from the form's `<name>_<locale>` fields (empty ones left out). */
function localeMapOf(body: Body, name: string): LocaleMap {
  const map: LocaleMap = {};
  for (const locale of LOCALES) {
    const text = formText(body, `${name}_${locale}`);
    if (text) map[locale] = text;
  }
  return map;
}

/** The form's fields, as typed, for showing them again. */
function formOf(body: Body): Body {
  return {
    ...Object.fromEntries(LOCALES.flatMap((l) => [`title_${l}`, `purpose_${l}`]).map((k) => [k, formText(body, k)])),
    format: formText(body, 'format'),
    topic: formText(body, 'topic'),
    startsOn: formText(body, 'startsOn'),
    endsOn: formText(body, 'endsOn'),
    venue: formText(body, 'venue'),
    online: body.online === 'on',
    agenda: formText(body, 'agenda'),
    budgetLine: formText(body, 'budgetLine'),
  };
}

/** Errors of `title.ka` or `agenda.0.day` shown at their form field (`title_ka`, `agenda`). */
function fieldKeys(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...errors };
  for (const [key, message] of Object.entries(errors)) {
    const [root, rest] = [key.split('.')[0], key.split('.').slice(1).join('.')];
    if (!rest) continue;
    const target = root === 'title' || root === 'purpose' ? `${root}_${rest}` : root;
    out[target] = out[target] ? `${out[target]} ${message}` : message;
  }
  return out;
}

/**
 * Cooperation initiatives on pages, without JavaScript (issue 15 points 1-2): the list, the form that creates or
 * changes one, and its page: the plan in the reader's language, members by consent with the invited academy's accept
 * and decline buttons, links, agenda, the participants and register the reader may see and keep, and materials.
 * Buttons show only what the service's view allows (`actions`, `editable`, `managesMembers`, `keepsParticipants`…).
 */
@ApiExcludeController()
@Controller()
export class InitiativesPages {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly access: InitiativeAccessService,
    private readonly members: InitiativeMembersService,
    private readonly participation: InitiativeParticipationService,
    private readonly materials: MaterialsService,
    private readonly users: UsersService,
  ) {}

  @Get('initiatives')
  @PageAuth()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const query = (request.query ?? {}) as Body;
    const status = (INITIATIVE_STATES as readonly string[]).includes(String(query.status))
      ? (query.status as (typeof INITIATIVE_STATES)[number])
      : undefined;
    const page = await this.initiatives.list(user, { status, limit: 200, offset: 0 });
    await render(request, reply, 'cooperation/initiatives', 'cooperation:list.title', {
      items: page.items.map((v) => ({
        ...this.summary(v, locale),
        lead: v.leadAcademy ? pick(v.leadAcademy.name, locale).text : translate(locale, 'cooperation:fields.facility'),
        invitation: v.invitation,
      })),
      total: page.total,
      mayCreate: this.access.mayCreate(user),
      states: INITIATIVE_STATES.map((s) => ({ value: s, label: translate(locale, `cooperation:states.${s}`), selected: s === status })),
    });
  }

  // ---- the form ---------------------------------------------------------------------------------------------

  @Get('initiatives/new')
  @PageAuth('facility_manager', 'platform_admin', 'academy_admin')
  async newPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, model: Body = {}, status = 200): Promise<void> {
    await this.form(request, reply, null, { form: { format: 'regional_meeting', topic: 'international_cooperation' }, ...model }, status);
  }

  @Post('initiatives')
  @PageAuth('facility_manager', 'platform_admin', 'academy_admin')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Body;
    try {
      const dto = await validated(CreateInitiativeDto, this.dtoOf(body));
      const view = await this.initiatives.create(user, dto);
      redirect(reply, `/initiatives/${view.initiative.id}`, { kind: 'success', key: 'cooperation:flash.created' });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.newPage(request, reply, { form: formOf(body), errors: fieldKeys(errors), message }, statusOf(error));
    }
  }

  @Get('initiatives/:id/edit')
  @PageAuth()
  async editPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const view = await this.initiatives.get(user, id);
    if (!view.editable) return redirect(reply, `/initiatives/${id}`);
    const i = view.initiative;
    const form = {
      ...Object.fromEntries(
        LOCALES.flatMap((l) => [
          [`title_${l}`, i.title[l] ?? ''],
          [`purpose_${l}`, i.purpose[l] ?? ''],
        ]),
      ),
      format: i.format,
      topic: i.topic,
      startsOn: i.startsOn,
      endsOn: i.endsOn,
      venue: i.venue,
      online: i.online,
      agenda: i.agenda.map((a) => `${a.day} ${a.time} ${a.topic}`).join('\n'),
      budgetLine: i.budgetLine,
    };
    await this.form(request, reply, { id, reference: i.reference }, { form, ...model }, status);
  }

  @Post('initiatives/:id/edit')
  @PageAuth()
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    try {
      const dto = await validated(UpdateInitiativeDto, this.dtoOf(body));
      await this.initiatives.update(user, id, dto);
      redirect(reply, `/initiatives/${id}`, { kind: 'success', key: 'cooperation:flash.saved' });
    } catch (error) {
      if (error instanceof ProbityError && (error.status === 404 || error.status === 403 || error.status === 409))
        return redirect(reply, `/initiatives/${id}`, errorFlash(request, error));
      const { message, errors } = formError(request, error);
      return this.editPage(request, reply, user, id, { form: formOf(body), errors: fieldKeys(errors), message }, statusOf(error));
    }
  }

  // ---- one initiative ---------------------------------------------------------------------------------------

  @Get('initiatives/:id')
  @PageAuth()
  async details(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const view = await this.initiatives.get(user, id);
    const i = view.initiative;
    const keeps = view.keepsParticipants || (!view.invitation && (view.owner || this.access.acceptedMember(view)));
    const [participants, register, materials, candidates] = await Promise.all([
      keeps ? this.participation.list(user, id) : Promise.resolve([]),
      keeps ? this.participation.register(user, id) : Promise.resolve(null),
      view.readsRecord ? this.materials.list(user, id) : Promise.resolve([]),
      view.managesMembers ? this.members.candidates(user, id) : Promise.resolve([]),
    ]);
    const names = new Map(view.members.map((m) => [m.institution.id, pick(m.institution.name, locale).text]));
    const keptInstitutions = view.members.filter(
      (m) => m.membership.status === 'accepted' && (view.owner || m.institution.id === view.institutionId),
    );
    const people = view.keepsParticipants
      ? await this.users.learnerCandidates({
          academyIds: keptInstitutions.map((m) => m.institution.academyId).filter((a): a is string => a !== null),
          q: '',
          excludeIds: participants.map((p) => p.participant.userId).filter((u): u is string => u !== null),
          limit: 200,
        })
      : [];
    const query = (request.query ?? {}) as Body;
    const days = register?.days ?? [];
    const day = days.includes(String(query.day)) ? String(query.day) : days[0];
    const guest = (model.guest as Body | undefined) ?? {};
    const title = pick(i.title, locale);
    const purpose = pick(i.purpose, locale);
    await render(
      request,
      reply,
      'cooperation/initiative',
      'cooperation:detail.title',
      {
        initiative: {
          ...this.summary(view, locale),
          titleLocale: title.locale,
          titleFellBack: title.fellBack,
          purpose: purpose.text,
          purposeLocale: purpose.locale,
          venue: i.venue,
          online: i.online,
          budgetLine: i.budgetLine,
          agenda: i.agenda,
          lead: view.leadAcademy ? pick(view.leadAcademy.name, locale).text : translate(locale, 'cooperation:fields.facility'),
        },
        view: {
          owner: view.owner,
          invitation: view.invitation,
          editable: view.editable,
          managesMembers: view.managesMembers,
          keepsParticipants: view.keepsParticipants,
          keeps,
          readsRecord: view.readsRecord,
          uploadsMaterials: view.uploadsMaterials,
        },
        buttons: view.actions.map((move) => ({ move, label: translate(locale, `cooperation:moves.${move}`) })),
        followUps: view.followUps.map((f) => ({
          label: translate(locale, 'cooperation:detail.follow_up', { count: f.wave, date: formatDate(locale, f.dueOn) }),
        })),
        members: view.members.map((m) => ({
          id: m.institution.id,
          name: names.get(m.institution.id),
          kind: translate(locale, `assistance:kinds.${m.institution.kind}`),
          status: m.membership.status,
          statusText: translate(locale, `cooperation:memberships.${m.membership.status}`),
          mayDecide: m.mayDecide,
          mayRemove: m.mayRemove,
        })),
        candidates: candidates.map((c) => ({
          id: c.id,
          label: `${pick(c.name, locale).text} · ${translate(locale, `assistance:kinds.${c.kind}`)}`,
        })),
        cohorts: view.cohorts,
        missions: view.missions,
        links: {
          cohortIds: view.cohorts.map((c) => c.id).join('\n'),
          missionIds: view.missions.map((m) => m.id).join('\n'),
        },
        keptInstitutions: keptInstitutions.map((m) => ({ id: m.institution.id, name: names.get(m.institution.id) })),
        people,
        participants: participants.map((p) => ({
          id: p.participant.id,
          fullName: p.participant.fullName,
          institution: names.get(p.participant.institutionId) ?? '',
          description: p.account
            ? translate(locale, 'cooperation:participants.account')
            : [
                translate(locale, personValueKey('agencyType', p.participant.agencyType)),
                translate(locale, personValueKey('function', p.participant.function)),
                p.participant.organisation,
                p.participant.country,
              ]
                .filter(Boolean)
                .join(' · '),
          removable: view.keepsParticipants,
        })),
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
        register: register
          ? {
              days: register.days.map((d) => ({ day: d, text: formatDate(locale, d), current: d === day })),
              rows: register.rows.map((row) => ({
                id: row.participant.id,
                fullName: row.participant.fullName,
                cells: register.days.map((d) => ({ present: row.marks[d] === true, absent: row.marks[d] === false })),
                daysPresent: row.daysPresent,
                checked: row.marks[day] === true,
              })),
            }
          : null,
        day,
        dayText: day ? formatDate(locale, day) : '',
        materials: materials.map((m) => ({ id: m.id, fileName: m.fileName, size: Math.max(1, Math.round(m.size / 1024)) })),
        ...model,
      },
      status,
      { titleParams: { reference: i.reference } },
    );
  }

  @Post('initiatives/:id/moves/:move')
  @PageAuth()
  async move(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('move') move: string,
  ): Promise<void> {
    if (!(MOVES as string[]).includes(move)) return redirect(reply, `/initiatives/${id}`);
    const done = move as InitiativeMove;
    await this.act(request, reply, id, '', `cooperation:moved.${done}`, () =>
      done === 'hold'
        ? this.initiatives.hold(user, id)
        : done === 'close'
          ? this.initiatives.close(user, id)
          : this.initiatives.cancel(user, id),
    );
  }

  @Post('initiatives/:id/institutions')
  @PageAuth()
  async addInstitution(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const institutionId = formText((request.body ?? {}) as Body, 'institutionId');
    await this.act(request, reply, id, '#members', 'cooperation:flash.member_added', async () => {
      if (!UUID.test(institutionId)) throw new ProbityError(404, 'not_found', { entity: 'assistance_institution' });
      await this.members.add(user, id, institutionId);
    });
  }

  @Post('initiatives/:id/institutions/:institutionId/:decision')
  @PageAuth()
  async decide(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('institutionId', ParseUUIDPipe) institutionId: string,
    @Param('decision') decision: string,
  ): Promise<void> {
    if (decision === 'accept')
      return this.act(request, reply, id, '#members', 'cooperation:flash.accepted', () => this.members.accept(user, id, institutionId));
    if (decision === 'decline')
      return this.act(request, reply, id, '#members', 'cooperation:flash.declined', () => this.members.decline(user, id, institutionId));
    if (decision === 'delete')
      return this.act(request, reply, id, '#members', 'cooperation:flash.member_removed', () =>
        this.members.remove(user, id, institutionId),
      );
    redirect(reply, `/initiatives/${id}`);
  }

  @Post('initiatives/:id/links')
  @PageAuth()
  async links(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const ids = (key: string): string[] =>
      formText(body, key)
        .split(/[\s,]+/)
        .filter(Boolean);
    await this.act(request, reply, id, '#links', 'cooperation:flash.saved', async () => {
      await this.initiatives.setLinks(
        user,
        id,
        await validated(InitiativeLinksDto, { cohortIds: ids('cohortIds'), missionIds: ids('missionIds') }),
      );
    });
  }

  @Post('initiatives/:id/participants')
  @PageAuth()
  async addParticipant(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const institutionId = formText(body, 'institutionId');
    const person = formText(body, 'userId');
    const guest: Record<string, string> = {};
    if (!person) for (const key of GUEST_FIELDS) if (formText(body, key)) guest[key] = formText(body, key);
    if (guest.country) guest.country = guest.country.toUpperCase();
    try {
      const dto = await validated(AddInitiativeParticipantDto, person ? { institutionId, userId: person } : { institutionId, ...guest });
      await this.participation.add(user, id, dto);
      redirect(reply, `/initiatives/${id}#participants`, { kind: 'success', key: 'cooperation:flash.participant_added' });
    } catch (error) {
      if (person || (error instanceof ProbityError && error.status !== 400))
        return redirect(reply, `/initiatives/${id}#participants`, errorFlash(request, error));
      const { message, errors } = formError(request, error);
      return this.details(
        request,
        reply,
        user,
        id,
        { guest: { ...guest, institutionId }, guestErrors: errors, guestMessage: message },
        400,
      );
    }
  }

  @Post('initiatives/:id/participants/:participantId/delete')
  @PageAuth()
  async removeParticipant(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('participantId', ParseUUIDPipe) participantId: string,
  ): Promise<void> {
    await this.act(request, reply, id, '#participants', 'cooperation:flash.participant_removed', () =>
      this.participation.remove(user, id, participantId),
    );
  }

  /** One day of the register: every participant listed on the form, ticked present, the others absent. */
  @Post('initiatives/:id/attendance')
  @PageAuth()
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
      const dto = await validated(InitiativeAttendanceDto, {
        day,
        present: Object.fromEntries(listed.map((pid) => [pid, present.has(pid)])),
      });
      await this.participation.mark(user, id, dto);
      redirect(reply, `/initiatives/${id}?day=${encodeURIComponent(day)}#register`, {
        kind: 'success',
        key: 'cooperation:flash.register_saved',
      });
    } catch (error) {
      redirect(reply, `/initiatives/${id}#register`, errorFlash(request, error));
    }
  }

  @Post('initiatives/:id/materials')
  @PageAuth()
  async upload(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.act(request, reply, id, '#materials', 'cooperation:flash.material_uploaded', () =>
      this.materials.upload(user, id, uploadOf(request.body, undefined)),
    );
  }

  @Get('initiatives/:id/materials/:materialId')
  @PageAuth()
  async download(
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('materialId', ParseUUIDPipe) materialId: string,
  ): Promise<void> {
    const material = await this.materials.read(user, id, materialId);
    await reply
      .header('content-type', material.mediaType)
      .header('content-disposition', attachmentDisposition(material.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(material.content);
  }

  @Post('initiatives/:id/materials/:materialId/delete')
  @PageAuth()
  async removeMaterial(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('materialId', ParseUUIDPipe) materialId: string,
  ): Promise<void> {
    await this.act(request, reply, id, '#materials', 'cooperation:flash.material_removed', () =>
      this.materials.remove(user, id, materialId),
    );
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private async act(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    anchor: string,
    success: string,
    run: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await run();
      redirect(reply, `/initiatives/${id}${anchor}`, { kind: 'success', key: success });
    } catch (error) {
      if (
        error instanceof ProbityError &&
        error.status === 404 &&
        error.code === 'not_found' &&
        (error.params as { entity?: string }).entity === 'initiative'
      )
        throw error;
      redirect(reply, `/initiatives/${id}${anchor}`, errorFlash(request, error));
    }
  }

  private summary(v: InitiativeView, locale: Locale): Record<string, unknown> {
    const i = v.initiative;
    return {
      id: i.id,
      reference: i.reference,
      title: pick(i.title, locale).text,
      status: i.status,
      statusText: translate(locale, `cooperation:states.${i.status}`),
      format: translate(locale, `cooperation:formats.${i.format}`),
      topic: translate(locale, `assistance:topics.${i.topic}`),
      startsOn: i.startsOn,
      endsOn: i.endsOn,
      place: i.online ? translate(locale, 'cooperation:fields.online') + (i.venue ? ` · ${i.venue}` : '') : i.venue,
    };
  }

  private dtoOf(body: Body): Body {
    return {
      title: localeMapOf(body, 'title'),
      purpose: localeMapOf(body, 'purpose'),
      format: formText(body, 'format'),
      topic: formText(body, 'topic'),
      startsOn: formText(body, 'startsOn'),
      endsOn: formText(body, 'endsOn'),
      venue: formText(body, 'venue'),
      online: body.online === 'on',
      agenda: agendaOf(formText(body, 'agenda')),
      budgetLine: formText(body, 'budgetLine'),
    };
  }

  private async form(
    request: FastifyRequest,
    reply: FastifyReply,
    existing: { id: string; reference: string } | null,
    model: Body,
    status: number,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const form = (model.form as Body) ?? {};
    await render(
      request,
      reply,
      'cooperation/initiative-form',
      existing ? 'cooperation:form.edit_title' : 'cooperation:form.title',
      {
        existing,
        action: existing ? `/initiatives/${existing.id}/edit` : '/initiatives',
        // Not `languages`: that key is the layout's language bar, which a page's model would overwrite.
        texts: LOCALES.map((l) => ({
          locale: l,
          label: translate(locale, `cooperation:languages.${l}`),
          title: form[`title_${l}`] ?? '',
          purpose: form[`purpose_${l}`] ?? '',
          titleError: (model.errors as Record<string, string> | undefined)?.[`title_${l}`],
          purposeError: (model.errors as Record<string, string> | undefined)?.[`purpose_${l}`],
        })),
        formats: INITIATIVE_FORMATS.map((f) => ({
          value: f,
          label: translate(locale, `cooperation:formats.${f}`),
          selected: form.format === f,
        })),
        topics: TOPICS.map((f) => ({ value: f, label: translate(locale, `assistance:topics.${f}`), selected: form.topic === f })),
        ...model,
      },
      status,
      { titleParams: { reference: existing?.reference ?? '' } },
    );
  }
}

function statusOf(error: unknown): number {
  return error instanceof ProbityError ? error.status : 400;
}
