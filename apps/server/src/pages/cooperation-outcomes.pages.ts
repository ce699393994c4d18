import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ACTION_ITEM_STATES,
  type ActionItemView,
  ActionItemStatusDto,
  ActionItemsService,
  CooperationOutcomesService,
  CreateActionItemDto,
  OUTCOME_COUNTS,
  OUTCOME_LIMITS,
  OutcomeReportDto,
  type PendingWaveView,
} from '@probity/cooperation';
import { type Locale, ProbityError, pick, translate, validated } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The DTO's names of the six counts, in the order of `OUTCOME_COUNTS` (the columns). */
const COUNT_FIELDS = [
  'jointInvestigations',
  'mlaRequests',
  'extraditionRequests',
  'jointOperations',
  'informationExchanges',
  'mousSigned',
] as const satisfies readonly (keyof OutcomeReportDto)[];
type CountField = (typeof COUNT_FIELDS)[number];

/**
 * Overdue action items and outcome waves due but not answered, for the dashboard: facility managers see all; the
 * people of an institution see the action items it owns (and those of initiatives their academy leads) and its own
 * pending waves. Undefined when there is nothing to show. `dashboard.pages.ts` puts it in its model as
 * `cooperationFollowUp`; `views/pages/dashboard.hbs` shows it.
 */
export async function cooperationFollowUpPanel(
  actionItems: ActionItemsService,
  outcomes: CooperationOutcomesService,
  user: AuthUser,
  locale: Locale,
): Promise<
  | { overdueTotal: number; overdue: ReturnType<typeof itemRow>[]; pendingTotal: number; pending: ReturnType<typeof pendingRow>[] }
  | undefined
> {
  const [overdue, pending] = await Promise.all([actionItems.overdue(user, 5), outcomes.pending(user, 5)]);
  if (!overdue.total && !pending.total) return undefined;
  return {
    overdueTotal: overdue.total,
    overdue: overdue.items.map((v) => itemRow(v, locale)),
    pendingTotal: pending.total,
    pending: pending.items.map((p) => pendingRow(p, locale)),
  };
}

function pendingRow(p: PendingWaveView, locale: Locale) {
  return {
    initiativeId: p.initiativeId,
    reference: p.reference,
    title: pick(p.title, locale).text,
    institution: p.institutionName ? pick(p.institutionName, locale).text : '',
    wave: translate(locale, `cooperation_outcomes:waves.${p.wave}`),
    dueOn: p.dueOn,
  };
}

function itemRow(view: ActionItemView, locale: Locale) {
  const a = view.item;
  return {
    id: a.id,
    initiativeId: a.initiativeId,
    reference: a.reference,
    title: pick(a.title, locale).text,
    position: a.position,
    body: a.body,
    ownerInstitution: view.ownerInstitutionName ? pick(view.ownerInstitutionName, locale).text : '',
    dueOn: a.dueOn,
    status: a.status,
    statusText: translate(locale, `cooperation_outcomes:states.${a.status}`),
    overdue: a.overdue,
    mayMark: view.mayMark,
    states: ACTION_ITEM_STATES.map((s) => ({
      value: s,
      label: translate(locale, `cooperation_outcomes:states.${s}`),
      selected: s === a.status,
    })),
  };
}

/**
 * The follow-up of cooperation initiatives on pages, without JavaScript (issue 15 points 2 and 4): action items (overdue
 * first, those the reader answers for or oversees, one initiative's with a form to add one for its owners), an item's
 * history with a status form, and the outcomes of an initiative (a form for a member institution's people, a table for
 * the owners). What a page offers comes from the services' own answers (`mayMark`, `mayAdd`, `mayReport`, `owner`).
 */
@ApiExcludeController()
@Controller()
export class CooperationOutcomesPages {
  constructor(
    private readonly actionItems: ActionItemsService,
    private readonly outcomes: CooperationOutcomesService,
  ) {}

  // ---- action items -------------------------------------------------------------------------------------------

  @Get('action-items')
  @PageAuth()
  async itemsPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    model: { initiativeId?: string; form?: Record<string, string>; errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const query = (request.query ?? {}) as Body;
    const initiativeId =
      model.initiativeId ?? (typeof query.initiativeId === 'string' && UUID.test(query.initiativeId) ? query.initiativeId : undefined);
    const onlyOverdue = query.overdue === 'true';
    // One initiative's items (anyone who may read it), or the reader's across initiatives.
    const initiative = initiativeId ? await this.actionItems.ofInitiative(user, initiativeId) : undefined;
    const [overdue, all] = initiative
      ? [undefined, { items: initiative.items, total: initiative.items.length }]
      : await Promise.all([
          this.actionItems.list(user, { overdue: 'true', limit: 200, offset: 0 }),
          onlyOverdue ? undefined : this.actionItems.list(user, { limit: 200, offset: 0 }),
        ]);
    const chosen = model.form?.ownerInstitutionId ?? '';
    await render(
      request,
      reply,
      'cooperation/action-items',
      'cooperation_outcomes:items.title',
      {
        initiativeId,
        initiative: initiative
          ? { reference: initiative.initiative.reference, title: pick(initiative.initiative.title, locale).text }
          : undefined,
        members: initiative?.members.map((m) => ({ value: m.id, label: pick(m.name, locale).text, selected: m.id === chosen })) ?? [],
        onlyOverdue,
        overdue: overdue?.items.map((v) => itemRow(v, locale)),
        overdueTotal: overdue?.total ?? 0,
        all: all?.items.map((v) => itemRow(v, locale)),
        allTotal: all?.total ?? 0,
        mayAdd: initiative?.mayAdd ?? false,
        form: model.form ?? {},
        errors: model.errors ?? {},
        message: model.message,
        limits: OUTCOME_LIMITS,
      },
      status,
    );
  }

  /** An owner adds an action item to one initiative (the list page's form). */
  @Post('action-items')
  @PageAuth()
  async addItem(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const initiativeId = formText(body, 'initiativeId');
    if (!UUID.test(initiativeId)) return redirect(reply, '/action-items');
    const form = { body: formText(body, 'body'), ownerInstitutionId: formText(body, 'ownerInstitutionId'), dueOn: formText(body, 'dueOn') };
    try {
      const dto = await validated(CreateActionItemDto, form);
      await this.actionItems.create(user, initiativeId, dto);
    } catch (error) {
      if (!(error instanceof ProbityError) || error.status === 404 || error.status === 403)
        return redirect(reply, `/action-items?initiativeId=${initiativeId}`, errorFlash(request, error));
      const { message, errors } = formError(request, error);
      return this.itemsPage(request, reply, user, { initiativeId, form, errors, message }, error.status);
    }
    redirect(reply, `/action-items?initiativeId=${initiativeId}`, { kind: 'success', key: 'cooperation_outcomes:items.added' });
  }

  @Get('action-items/:id')
  @PageAuth()
  async itemPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const details = await this.actionItems.get(user, id);
    await render(
      request,
      reply,
      'cooperation/action-item',
      'cooperation_outcomes:item.title',
      {
        a: itemRow(details, locale),
        history: details.history.map((h) => ({
          statusText: translate(locale, `cooperation_outcomes:states.${h.status}`),
          note: h.note,
          by: h.byName,
          at: h.at,
        })),
      },
      200,
      { titleParams: { reference: details.item.reference, number: details.item.position } },
    );
  }

  @Post('action-items/:id/status')
  @PageAuth()
  async markItem(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const back = formText(body, 'back') === 'list' ? '/action-items' : `/action-items/${id}`;
    try {
      const dto = await validated(ActionItemStatusDto, { status: formText(body, 'status'), note: formText(body, 'note') });
      await this.actionItems.mark(user, id, dto);
    } catch (error) {
      return redirect(reply, back, errorFlash(request, error));
    }
    redirect(reply, back, { kind: 'success', key: 'cooperation_outcomes:items.marked' });
  }

  // ---- outcomes -------------------------------------------------------------------------------------------------

  @Get('initiatives/:id/outcomes')
  @PageAuth()
  async outcomesPage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: { form?: Record<string, string>; errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const view = await this.outcomes.view(user, id);
    const form = model.form ?? {};
    const errors = model.errors ?? {};
    const wave = (w: number): string => translate(locale, `cooperation_outcomes:waves.${w}`);
    const names = new Map(view.institutions.map((i) => [i.id, i.name ? pick(i.name, locale).text : '']));
    await render(
      request,
      reply,
      'cooperation/outcomes',
      'cooperation_outcomes:outcomes.title',
      {
        initiative: { id: view.initiative.id, reference: view.initiative.reference, title: pick(view.initiative.title, locale).text },
        owner: view.owner,
        dueWaves: view.dueWaves.map(wave).join(', '),
        nothingDue: view.dueWaves.length === 0,
        countLabels: OUTCOME_COUNTS.map((c) => translate(locale, `cooperation_outcomes:counts.${c}`)),
        reports: view.reports.map((r) => ({
          institution: names.get(r.institutionId) ?? '',
          wave: wave(r.wave),
          counts: COUNT_FIELDS.map((f) => r[f]),
          note: r.note,
          submittedAt: r.submittedAt,
        })),
        pending: view.institutions
          .filter((i) => i.pendingWaves.length)
          .map((i) => ({ institution: names.get(i.id) ?? '', waves: i.pendingWaves.map(wave).join(', ') })),
        report: view.mayReport?.waves.length
          ? {
              institutionId: view.mayReport.institutionId,
              institution: names.get(view.mayReport.institutionId) ?? '',
              waves: view.mayReport.waves.map((w) => ({ value: w, label: wave(w), selected: String(w) === form.wave })),
              counts: COUNT_FIELDS.map((f, i) => ({
                name: f,
                label: translate(locale, `cooperation_outcomes:counts.${OUTCOME_COUNTS[i]}`),
                value: form[f] ?? '0',
                error: errors[f],
              })),
              note: form.note ?? '',
              noteError: errors.note,
              max: OUTCOME_LIMITS.count,
              noteMax: OUTCOME_LIMITS.note,
            }
          : undefined,
        answeredAll: Boolean(view.mayReport && view.dueWaves.length && !view.mayReport.waves.length),
        message: model.message,
      },
      status,
      { titleParams: { reference: view.initiative.reference } },
    );
  }

  @Post('initiatives/:id/outcomes')
  @PageAuth()
  async report(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const form: Record<string, string> = {
      institutionId: formText(body, 'institutionId'),
      wave: formText(body, 'wave'),
      note: formText(body, 'note'),
    };
    for (const f of COUNT_FIELDS) form[f] = formText(body, f);
    try {
      const counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, form[f] === '' ? undefined : form[f]])) as Record<CountField, unknown>;
      const dto = await validated(OutcomeReportDto, { institutionId: form.institutionId, wave: form.wave, ...counts, note: form.note });
      await this.outcomes.report(user, id, dto);
    } catch (error) {
      if (!(error instanceof ProbityError) || error.status === 404) throw error;
      const { message, errors } = formError(request, error);
      return this.outcomesPage(request, reply, user, id, { form, errors, message }, error.status);
    }
    redirect(reply, `/initiatives/${id}/outcomes`, { kind: 'success', key: 'cooperation_outcomes:outcomes.submitted' });
  }
}
