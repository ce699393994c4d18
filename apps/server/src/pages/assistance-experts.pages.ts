import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CreateExpertAccountDto,
  CreateExpertDto,
  EXPERT_LIMITS,
  type ExpertMatch,
  type ExpertSearchQueryDto,
  ExpertSearchQueryDto as SearchQuery,
  ExpertSelfDto,
  type ExpertView,
  ExpertsService,
  LANGUAGE_LEVELS,
  LEVEL_POINTS,
  MATCH_WEIGHTS,
  TOPICS,
  UpdateExpertDto,
} from '@probity/assistance';
import {
  type FieldViolation,
  LANGUAGE_NAMES,
  LOCALES,
  type Locale,
  ProbityError,
  ValidationFailed,
  pick,
  translate,
  validated,
} from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth, SEXES } from '@probity/identity';
import { countryName } from '@probity/evaluation';
import { asList, ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;
type Form = Record<string, string | string[]>;
const MANAGERS = ['facility_manager', 'platform_admin'] as const;
const PAGE_SIZE = 50;
/** Blank rows a form offers beyond what is filled in, for languages and for availability windows. */
const SPARE_ROWS = 2;
const TEXTS = ['fullName', 'email', 'sex', 'country', 'organisation', 'institutionId', 'vettedOn', 'vettingExpiresOn', 'bio'] as const;
const NULLABLE = ['sex', 'institutionId', 'vettedOn', 'vettingExpiresOn'] as const;

/** An ISO 639 language's name in the page's language. */
function languageName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([locale === 'ur' ? 'ur-PK' : locale], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A label of the roster's forms: the shared field names where they exist, the roster's own otherwise. */
function fieldName(locale: Locale, field: string): string {
  return translate(locale, `experts:fields.${field}`, { defaultValue: translate(locale, `fields:${field}`, { defaultValue: field }) });
}

/** A rule's message with the roster's field name (as the API's, which names fields from `fields:`). */
function message(locale: Locale, v: FieldViolation, field: string): string {
  const label = fieldName(locale, field);
  const own = translate(locale, `validation:${v.constraint}`, { ...v.params, field: label, defaultValue: '' });
  return own || translate(locale, 'validation:invalid', { field: label });
}

/** The posted form as it was typed: rows of languages (`language_<n>`, `level_<n>`) and windows (`from_<n>`, `to_<n>`, `note_<n>`). */
function formOf(body: Body): Form {
  const form: Form = {};
  for (const key of TEXTS) form[key] = formText(body, key);
  form.country = (form.country as string).toUpperCase();
  form.publicOfficial = formText(body, 'publicOfficial') === 'true' ? 'true' : '';
  form.topics = asList(body.topics).filter((t) => (TOPICS as readonly string[]).includes(t));
  for (const [key, value] of Object.entries(body))
    if (/^(language|level|from|to|note)_\d{1,2}$/.test(key) && typeof value === 'string') form[key] = value.trim();
  return form;
}

/** The row numbers of a form's languages and windows that are filled in (the n-th of the list is the row given). */
function rows(form: Form, kind: 'languages' | 'availability'): number[] {
  const fields = kind === 'languages' ? ['language', 'level'] : ['from', 'to', 'note'];
  const numbers = Object.keys(form)
    .map((key) => /^(\w+)_(\d+)$/.exec(key))
    .filter((m): m is RegExpExecArray => m !== null && fields.includes(m[1]) && Boolean(form[m[0]]))
    .map((m) => Number(m[2]));
  return [...new Set(numbers)].sort((a, b) => a - b);
}

function languagesOf(form: Form): { language: string; level: string }[] {
  return rows(form, 'languages').map((n) => ({ language: String(form[`language_${n}`] ?? ''), level: String(form[`level_${n}`] ?? '') }));
}

function windowsOf(form: Form): { from: string; to: string; note?: string }[] {
  return rows(form, 'availability').map((n) => ({
    from: String(form[`from_${n}`] ?? ''),
    to: String(form[`to_${n}`] ?? ''),
    ...(form[`note_${n}`] ? { note: String(form[`note_${n}`]) } : {}),
  }));
}

/** The form as the API's body: empty optional fields left out when creating, cleared when changing; the lists always given. */
function inputOf(form: Form, creating: boolean): Body {
  const input: Body = {
    languages: languagesOf(form),
    availability: windowsOf(form),
    topics: form.topics,
    publicOfficial: form.publicOfficial === 'true',
  };
  for (const key of TEXTS) {
    const value = form[key] as string;
    if (value) input[key] = value;
    else if (!creating && (NULLABLE as readonly string[]).includes(key)) input[key] = null;
    else if (!creating && (key === 'organisation' || key === 'bio')) input[key] = '';
  }
  return input;
}

/** A profile as the form shows it. */
function formFromExpert(view: ExpertView): Form {
  const e = view.expert;
  const form: Form = {
    fullName: e.fullName,
    email: e.email,
    sex: e.sex ?? '',
    country: e.country,
    organisation: e.organisation,
    institutionId: e.institutionId ?? '',
    vettedOn: e.vettedOn ?? '',
    vettingExpiresOn: e.vettingExpiresOn ?? '',
    bio: e.bio,
    publicOfficial: e.publicOfficial ? 'true' : '',
    topics: e.topics,
  };
  view.languages.forEach((l, i) => Object.assign(form, { [`language_${i}`]: l.language, [`level_${i}`]: l.level }));
  view.availability.forEach((w, i) => Object.assign(form, { [`from_${i}`]: w.from, [`to_${i}`]: w.to, [`note_${i}`]: w.note }));
  return form;
}

/** The messages of a refused form, each beside the field (or row) it came from, in the page's language. */
function errorsOf(request: FastifyRequest, error: unknown, form: Form): { message: string; errors: Record<string, string> } {
  const { message: text } = formError(request, error);
  const locale = ctx(request).probity.locale;
  const errors: Record<string, string> = {};
  const rowsOf = { languages: rows(form, 'languages'), availability: rows(form, 'availability') };
  for (const v of error instanceof ValidationFailed ? error.violations : []) {
    const listed = /^(languages|availability)\.(\d+)\.(\w+)$/.exec(v.field);
    const key = listed ? `${listed[3]}_${rowsOf[listed[1] as 'languages' | 'availability'][Number(listed[2])] ?? 0}` : v.field;
    const said = message(locale, v, listed ? listed[3] : v.field);
    errors[key] = errors[key] ? `${errors[key]} ${said}` : said;
  }
  return { message: text, errors };
}

/**
 * The expert roster on pages, without JavaScript (issue 14 point 3): facility managers (and platform administrators)
 * search the roster, add and change experts, archive them and give them accounts, and see a request's experts ranked
 * with the flags and the parts of each score explained; an expert sees their own profile and keeps their languages and
 * availability. Urdu right to left.
 */
@ApiExcludeController()
@Controller()
export class AssistanceExpertsPages {
  constructor(private readonly experts: ExpertsService) {}

  @Get('assistance/experts')
  @PageAuth(...MANAGERS)
  async roster(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const locale = ctx(request).probity.locale;
    const raw = (request.query ?? {}) as Body;
    const filters: Record<string, string> = {};
    for (const key of ['topic', 'language', 'minLevel', 'country', 'available_from', 'available_to', 'q', 'archived']) {
      const value = raw[key];
      if (typeof value === 'string' && value.trim()) filters[key] = value.trim();
    }
    const pageNumber = Math.max(1, Math.min(10_000, Number.parseInt(typeof raw.page === 'string' ? raw.page : '1', 10) || 1));
    let items: ExpertView[] = [];
    let total = 0;
    let filterErrors: Record<string, string> = {};
    try {
      const query: ExpertSearchQueryDto = await validated(SearchQuery, {
        ...filters,
        limit: String(PAGE_SIZE),
        offset: String((pageNumber - 1) * PAGE_SIZE),
      });
      ({ items, total } = await this.experts.search(user, query));
    } catch (error) {
      if (!(error instanceof ProbityError)) throw error;
      filterErrors = errorsOf(request, error, {}).errors;
    }
    const keep = new URLSearchParams(filters).toString();
    await render(request, reply, 'assistance/experts', 'experts:roster.title', {
      filters,
      filterErrors,
      topics: TOPICS.map((t) => ({ value: t, label: translate(locale, `assistance:topics.${t}`), selected: t === filters.topic })),
      levels: LANGUAGE_LEVELS.map((l) => ({ value: l, label: translate(locale, `experts:levels.${l}`), selected: l === filters.minLevel })),
      experts: items.map((view) => this.row(locale, view)),
      total,
      archived: filters.archived === 'true',
      currentLink: new URLSearchParams({ ...filters, archived: 'false' }).toString(),
      archivedLink: new URLSearchParams({ ...filters, archived: 'true' }).toString(),
      prevPage: pageNumber > 1 ? `?${keep}${keep ? '&' : ''}page=${pageNumber - 1}` : undefined,
      nextPage: pageNumber * PAGE_SIZE < total ? `?${keep}${keep ? '&' : ''}page=${pageNumber + 1}` : undefined,
    });
  }

  @Get('assistance/experts/new')
  @PageAuth(...MANAGERS)
  async newPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, model: Body = {}, status = 200): Promise<void> {
    await render(
      request,
      reply,
      'assistance/experts-form',
      'experts:form.new_title',
      await this.formModel(request, { creating: true, form: {}, ...model }),
      status,
    );
  }

  @Post('assistance/experts')
  @PageAuth(...MANAGERS)
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const form = formOf((request.body ?? {}) as Body);
    try {
      const dto = await validated(CreateExpertDto, inputOf(form, true));
      const view = await this.experts.create(user, dto);
      redirect(reply, `/assistance/experts/${view.expert.id}`, { kind: 'success', key: 'experts:form.created' });
    } catch (error) {
      return this.newPage(request, reply, { form, ...errorsOf(request, error, form) }, error instanceof ProbityError ? error.status : 400);
    }
  }

  /** The signed-in expert's own profile. */
  @Get('assistance/experts/me')
  @PageAuth('expert')
  async minePage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const view = await this.experts.mine(user);
    redirect(reply, `/assistance/experts/${view.expert.id}`);
  }

  @Post('assistance/experts/me')
  @PageAuth('expert')
  async updateMine(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const form = formOf((request.body ?? {}) as Body);
    const view = await this.experts.mine(user);
    try {
      const dto = await validated(ExpertSelfDto, { languages: languagesOf(form), availability: windowsOf(form) });
      await this.experts.updateMine(user, dto);
      redirect(reply, `/assistance/experts/${view.expert.id}`, { kind: 'success', key: 'experts:form.saved' });
    } catch (error) {
      const status = error instanceof ProbityError ? error.status : 400;
      return this.profile(
        request,
        reply,
        user,
        view.expert.id,
        { form: { ...formFromExpert(view), ...form }, ...errorsOf(request, error, form) },
        status,
      );
    }
  }

  @Get('assistance/experts/:id')
  @PageAuth(...MANAGERS, 'expert')
  async profile(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    model: Body = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const view = await this.experts.get(user, id);
    const manages = this.experts.manages(user);
    const e = view.expert;
    await render(
      request,
      reply,
      'assistance/experts-form',
      'experts:profile.title',
      await this.formModel(request, {
        creating: false,
        manages,
        expert: {
          ...this.row(locale, view),
          bio: e.bio,
          sex: e.sex ? translate(locale, `people:sex.${e.sex}`) : translate(locale, 'people:not_recorded'),
          vettedOn: e.vettedOn,
          vettingExpiresOn: e.vettingExpiresOn,
          hasAccount: Boolean(e.userId),
          missions: (view.missions ?? []).map((m) => ({ ...m, statusText: translate(locale, `experts:mission_states.${m.status}`) })),
        },
        action: manages ? `/assistance/experts/${id}` : '/assistance/experts/me',
        form: formFromExpert(view),
        account: { locale },
        accountLocales: LOCALES.map((l) => ({ value: l, name: LANGUAGE_NAMES[l], selected: l === locale })),
        ...model,
      }),
      status,
      { titleParams: { name: e.fullName } },
    );
  }

  @Post('assistance/experts/:id')
  @PageAuth(...MANAGERS)
  async update(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const form = formOf((request.body ?? {}) as Body);
    try {
      const dto = await validated(UpdateExpertDto, inputOf(form, false));
      await this.experts.update(user, id, dto);
      redirect(reply, `/assistance/experts/${id}`, { kind: 'success', key: 'experts:form.saved' });
    } catch (error) {
      return this.profile(
        request,
        reply,
        user,
        id,
        { form, ...errorsOf(request, error, form) },
        error instanceof ProbityError ? error.status : 400,
      );
    }
  }

  @Post('assistance/experts/:id/archive')
  @PageAuth(...MANAGERS)
  async archive(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    try {
      await this.experts.archive(user, id);
      redirect(reply, `/assistance/experts/${id}`, { kind: 'success', key: 'experts:form.archived' });
    } catch (error) {
      redirect(reply, `/assistance/experts/${id}`, errorFlash(request, error));
    }
  }

  @Post('assistance/experts/:id/account')
  @PageAuth(...MANAGERS)
  async createAccount(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const account = { locale: formText(body, 'locale') };
    try {
      const dto = await validated(CreateExpertAccountDto, { password: typeof body.password === 'string' ? body.password : '', ...account });
      await this.experts.createAccount(user, id, dto);
      redirect(reply, `/assistance/experts/${id}`, { kind: 'success', key: 'experts:profile.account_created' });
    } catch (error) {
      const { message: accountMessage, errors: accountErrors } = errorsOf(request, error, {});
      return this.profile(
        request,
        reply,
        user,
        id,
        { account, accountMessage, accountErrors },
        error instanceof ProbityError ? error.status : 400,
      );
    }
  }

  @Get('assistance/requests/:id/matches')
  @PageAuth(...MANAGERS)
  async matches(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const result = await this.experts.matches(user, id);
    const r = result.request;
    await render(
      request,
      reply,
      'assistance/experts-matches',
      'experts:matches.title',
      {
        request: {
          ...r,
          topicText: translate(locale, `assistance:topics.${r.topic}`),
          languagesText: r.languages.map((l) => languageName(locale, l)).join(', '),
        },
        weights: {
          topic: MATCH_WEIGHTS.topic,
          availability: MATCH_WEIGHTS.availability,
          levels: LANGUAGE_LEVELS.map((l) => ({ label: translate(locale, `experts:levels.${l}`), points: LEVEL_POINTS[l] })),
        },
        matches: result.items.map((m, i) => this.matchRow(locale, m, i + 1)),
      },
      200,
      { titleParams: { reference: r.reference } },
    );
  }

  // ---- view models --------------------------------------------------------------------------------------------

  private row(locale: Locale, view: ExpertView) {
    const e = view.expert;
    return {
      id: e.id,
      fullName: e.fullName,
      email: e.email,
      country: countryName(locale, e.country),
      organisation: e.organisation,
      publicOfficial: e.publicOfficial,
      topics: e.topics.map((t) => translate(locale, `assistance:topics.${t}`)),
      languages: view.languages.map((l) => ({
        name: languageName(locale, l.language),
        level: translate(locale, `experts:levels.${l.level}`),
      })),
      availability: view.availability.map((w) => ({ from: w.from, to: w.to, note: w.note })),
      vettingValid: view.vettingValid,
      vettingExpiresOn: e.vettingExpiresOn,
      archived: Boolean(e.archivedAt),
    };
  }

  private matchRow(locale: Locale, m: ExpertMatch, rank: number) {
    return {
      rank,
      expertId: m.expertId,
      fullName: m.fullName,
      country: countryName(locale, m.country),
      organisation: m.organisation,
      score: m.score,
      parts: { topic: m.topicPoints, languages: m.languagePoints, availability: m.availabilityPoints },
      topicMatch: m.topicMatch,
      languages: m.languages.map((l) => ({
        name: languageName(locale, l.language),
        level: translate(locale, `experts:levels.${l.level}`),
        points: l.points,
      })),
      noLanguage: m.noLanguage,
      covered: translate(locale, 'experts:matches.covered', { count: m.askedDays, covered: m.coveredDays }),
      asked: m.askedDays > 0,
      flags: m,
      vettingExpiresOn: m.vettingExpiresOn,
    };
  }

  /** What the profile form needs besides its values: the lists to choose from, in the page's language. */
  private async formModel(request: FastifyRequest, model: Body): Promise<Body> {
    const locale: Locale = ctx(request).probity.locale;
    const form = (model.form ?? {}) as Form;
    const topics = (form.topics ?? []) as string[];
    const errors = (model.errors ?? {}) as Record<string, string>;
    /** The filled rows, then blank ones numbered after the last. */
    const numbered = (filled: number[]): number[] => {
      const after = Math.max(-1, ...filled) + 1;
      return [...filled, ...Array.from({ length: SPARE_ROWS }, (_, i) => after + i)];
    };
    const institutions = await this.experts.institutionChoices();
    return {
      ...model,
      editsProfile: Boolean(model.creating || model.manages),
      limits: EXPERT_LIMITS,
      topicChoices: TOPICS.map((t) => ({ value: t, label: translate(locale, `assistance:topics.${t}`), checked: topics.includes(t) })),
      sexes: SEXES.map((s) => ({ value: s, label: translate(locale, `people:sex.${s}`), selected: s === form.sex })),
      institutions: institutions.map((i) => ({
        id: i.id,
        name: `${pick(i.name, locale).text}${i.country ? ` (${i.country})` : ''}`,
        selected: i.id === form.institutionId,
      })),
      languageRows: numbered(rows(form, 'languages')).map((n) => ({
        n,
        language: form[`language_${n}`] ?? '',
        levels: LANGUAGE_LEVELS.map((l) => ({
          value: l,
          label: translate(locale, `experts:levels.${l}`),
          selected: l === form[`level_${n}`],
        })),
        languageError: errors[`language_${n}`],
        levelError: errors[`level_${n}`],
      })),
      windowRows: numbered(rows(form, 'availability')).map((n) => ({
        n,
        from: form[`from_${n}`] ?? '',
        to: form[`to_${n}`] ?? '',
        note: form[`note_${n}`] ?? '',
        fromError: errors[`from_${n}`],
        toError: errors[`to_${n}`],
        noteError: errors[`note_${n}`],
      })),
    };
  }
}
