import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '@probity/audit';
import { Forbidden, LANGUAGE_NAMES, LOCALES, ProbityError, pick } from '@probity/i18n';
import {
  AGENCY_TYPES,
  AcademiesService,
  AccountsService,
  type AuthUser,
  CreateAcademyDto,
  CreateUserDto,
  CurrentUser,
  PERSON_FUNCTIONS,
  PageAuth,
  ROLES,
  ResetPasswordDto,
  SEXES,
  UpdateUserProfileDto,
  UsersService,
  grantableRoles,
  hasRole,
  mayChangeRoles,
  mayEditProfile,
  mayManageAccount,
} from '@probity/identity';
import { auditScope, importAnswer } from '../http/presenters';
import { asList, ctx, formError, redirect, render, validateForm } from './page';
import { personListLabels, personListSelects } from './person-lists';

const PAGE_SIZE = 50;

/** Who reaches the people pages: administrators, and facility managers for the experts and partner focal points. */
const PEOPLE_PAGES = ['platform_admin', 'academy_admin', 'facility_manager'] as const;

/** Who picks the academy of a new person (or none); an academy administrator adds people to their own. */
const choosesAcademy = (user: AuthUser): boolean => hasRole(user, 'platform_admin', 'facility_manager');

@ApiExcludeController()
@Controller('admin')
export class AdminPages {
  constructor(
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
  ) {}

  @Get('academies')
  @PageAuth('platform_admin', 'academy_admin')
  async academyList(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    model: Record<string, unknown> = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const { items, total } = await this.academies.list({ limit: 500 });
    await render(
      request,
      reply,
      'academies',
      'admin:academies.title',
      {
        academies: items.map((a) => ({
          ...a,
          displayName: pick(a.name, locale, a.defaultLocale as never).text,
          languageName: LANGUAGE_NAMES[a.defaultLocale as never],
        })),
        total,
        canCreate: hasRole(user, 'platform_admin'),
        locales: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
        form: {},
        ...model,
      },
      status,
    );
  }

  @Post('academies')
  @PageAuth('platform_admin')
  async createAcademy(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const name = Object.fromEntries(LOCALES.filter((l) => body[`name_${l}`]?.trim()).map((l) => [l, body[`name_${l}`].trim()]));
    const values = {
      code: body.code?.trim().toUpperCase(),
      name,
      country: body.country?.trim().toUpperCase(),
      defaultLocale: body.defaultLocale,
      itemReview: body.itemReview === 'on',
    };
    const form = await validateForm(request, CreateAcademyDto, values);
    if (form.errors) return this.academyList(request, reply, user, { form: { ...body, errors: form.errors } }, 400);
    try {
      const academy = await this.academies.create(user, form.dto);
      redirect(reply, '/admin/academies', { kind: 'success', key: 'admin:academies.created', params: { code: academy.code } });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return this.academyList(request, reply, user, { form: { ...body, errors, message } }, 409);
    }
  }

  @Get('users')
  @PageAuth(...PEOPLE_PAGES)
  async userList(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Query('q') q?: string,
    @Query('page') page?: string,
    model: Record<string, unknown> = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const current = Math.max(1, Number.parseInt(page ?? '1', 10) || 1);
    const query = typeof q === 'string' ? q.slice(0, 100) : undefined;
    const [{ items, total }, academies] = await Promise.all([
      this.users.list(user, { q: query, limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE }),
      this.academies.list({ limit: 500 }),
    ]);
    const academyName = new Map(academies.items.map((a) => [a.id, pick(a.name, locale, a.defaultLocale as never).text]));
    const grantable = grantableRoles(user);
    const firstRoles = grantable.includes('learner') ? ['learner'] : grantable.slice(0, 1);
    const form = (model.form ?? { roles: firstRoles, locale }) as Record<string, unknown> & { errors?: Record<string, string> };
    await render(
      request,
      reply,
      'users',
      'admin:users.title',
      {
        users: items.map((u) => ({
          ...u,
          academyName: u.academyId ? academyName.get(u.academyId) : undefined,
          // The roles the viewer gives, and (kept as they are, sent back unchanged) those of the person they do not.
          roleChoices: ROLES.filter((role) => grantable.includes(role) || u.roles.includes(role)).map((role) => ({
            role,
            checked: u.roles.includes(role),
            kept: !grantable.includes(role),
          })),
          editable: mayChangeRoles(user, u),
          manageable: mayManageAccount(user, u),
          lists: personListLabels(locale, u),
          profileEditable: mayEditProfile(user, u),
        })),
        total,
        q: query,
        page: current,
        prevPage: current > 1 ? current - 1 : undefined,
        nextPage: current * PAGE_SIZE < total ? current + 1 : undefined,
        roles: grantable,
        personLists: personListSelects(locale, form, form.errors),
        importCodes: [
          { column: 'sex', codes: SEXES.join(', ') },
          { column: 'agency_type', codes: AGENCY_TYPES.join(', ') },
          { column: 'function', codes: PERSON_FUNCTIONS.join(', ') },
        ],
        locales: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
        academies: choosesAcademy(user) ? academies.items.map((a) => ({ id: a.id, name: academyName.get(a.id) })) : undefined,
        canImport: hasRole(user, 'platform_admin', 'academy_admin'),
        facilityOnly: hasRole(user, 'facility_manager') && !hasRole(user, 'platform_admin', 'academy_admin'),
        ...model,
        form,
      },
      status,
    );
  }

  @Post('users')
  @PageAuth(...PEOPLE_PAGES)
  async createUser(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (key: string): string | undefined =>
      typeof body[key] === 'string' && body[key].trim() !== '' ? body[key].trim() : undefined;
    const values = {
      email: text('email'),
      password: body.password,
      fullName: text('fullName'),
      roles: asList(body.roles),
      academyId: choosesAcademy(user) ? text('academyId') : (user.academyId ?? undefined),
      locale: text('locale'),
      sex: text('sex'),
      agencyType: text('agencyType'),
      function: text('function'),
      agency: text('agency'),
      rank: text('rank'),
    };
    const again = (model: Record<string, unknown>, status: number): Promise<void> =>
      this.userList(request, reply, user, undefined, undefined, { form: { ...values, password: undefined, ...model } }, status);
    const form = await validateForm(request, CreateUserDto, values);
    if (form.errors) return again({ errors: form.errors }, 400);
    try {
      const created = await this.users.create(user, form.dto);
      redirect(reply, '/admin/users', { kind: 'success', key: 'admin:users.created', params: { name: created.fullName } });
    } catch (error) {
      const { message, errors } = formError(request, error);
      return again({ errors, message }, error instanceof ProbityError && error.status === 403 ? 403 : 409);
    }
  }

  /** How a person is described (sex, agency type, function, agency, rank): the form, for the administrators of their academy. */
  @Get('users/:id')
  @PageAuth(...PEOPLE_PAGES)
  async profilePage(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    form?: Record<string, unknown> & { errors?: Record<string, string> },
    status = 200,
  ): Promise<void> {
    const person = await this.users.get(user, id);
    if (!mayEditProfile(user, person)) throw new Forbidden('platform_admin_protected');
    const locale = ctx(request).probity.locale;
    const values = form ?? person;
    await render(
      request,
      reply,
      'user-profile',
      'admin:users.profile_title',
      {
        person,
        // Erasure on request (issue 16 point 3): administrators of the person's academy, never of themselves.
        mayErase: person.id !== user.id && (hasRole(user, 'academy_admin') || hasRole(user, 'platform_admin')),
        form: { agency: values.agency, rank: values.rank, errors: form?.errors },
        personLists: personListSelects(locale, values, form?.errors),
      },
      status,
      { titleParams: { name: person.fullName } },
    );
  }

  /** Saves the profile form through the same DTO and service as `PATCH /api/v1/users/:id` (audited there). */
  @Post('users/:id/profile')
  @PageAuth(...PEOPLE_PAGES)
  async updateProfile(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Every field is on the form: an empty one is "not recorded" (null), not "leave as it is".
    const text = (key: string): string | null => (typeof body[key] === 'string' && body[key].trim() !== '' ? body[key].trim() : null);
    const values = {
      sex: text('sex'),
      agencyType: text('agencyType'),
      function: text('function'),
      agency: text('agency'),
      rank: text('rank'),
    };
    const form = await validateForm(request, UpdateUserProfileDto, values);
    if (form.errors) return this.profilePage(request, reply, user, id, { ...values, errors: form.errors }, 400);
    const saved = await this.users.updateProfile(user, id, form.dto);
    redirect(reply, '/admin/users', { kind: 'success', key: 'admin:users.profile_saved', params: { name: saved.fullName } });
  }

  @Post('users/import')
  @PageAuth('platform_admin', 'academy_admin')
  async importUsers(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const csv = typeof body.csv === 'string' ? body.csv : '';
    const academyId = typeof body.academyId === 'string' && body.academyId ? body.academyId : undefined;
    try {
      const result = importAnswer(await this.users.importCsv(user, csv, academyId), ctx(request).probity.locale);
      return this.userList(
        request,
        reply,
        user,
        undefined,
        undefined,
        { importResult: result, importCsv: result.errors.length ? csv : '' },
        result.errors.length ? 422 : 200,
      );
    } catch (error) {
      const { message } = formError(request, error);
      return this.userList(request, reply, user, undefined, undefined, { importError: message, importCsv: csv }, 400);
    }
  }

  @Post('users/:id/roles')
  @PageAuth(...PEOPLE_PAGES)
  async setRoles(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const roles = asList(((request.body ?? {}) as Record<string, unknown>).roles).filter((r): r is (typeof ROLES)[number] =>
      (ROLES as readonly string[]).includes(r),
    );
    if (!roles.length) {
      redirect(reply, '/admin/users', { kind: 'error', key: 'admin:users.roles_required' });
      return;
    }
    try {
      const changed = await this.users.setRoles(user, id, roles);
      redirect(reply, '/admin/users', { kind: 'success', key: 'admin:users.roles_changed', params: { name: changed.fullName } });
    } catch (error) {
      const { message } = formError(request, error);
      return this.userList(
        request,
        reply,
        user,
        undefined,
        undefined,
        { pageError: message },
        error instanceof ProbityError ? error.status : 409,
      );
    }
  }

  @Post('users/:id/deactivate')
  @PageAuth(...PEOPLE_PAGES)
  async deactivate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return this.accountAction(request, reply, user, () => this.accounts.deactivate(user, id), 'admin:users.deactivated');
  }

  @Post('users/:id/reactivate')
  @PageAuth(...PEOPLE_PAGES)
  async reactivate(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    return this.accountAction(request, reply, user, () => this.accounts.reactivate(user, id), 'admin:users.reactivated');
  }

  /** An administrator sets a new password for someone, through the same DTO and service as the API. */
  @Post('users/:id/password')
  @PageAuth(...PEOPLE_PAGES)
  async resetPassword(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form = await validateForm(request, ResetPasswordDto, { newPassword: body.newPassword });
    if (form.errors)
      return this.userList(request, reply, user, undefined, undefined, { pageError: Object.values(form.errors).join(' ') }, 400);
    return this.accountAction(
      request,
      reply,
      user,
      () => this.accounts.resetPassword(user, id, form.dto.newPassword),
      'admin:users.password_reset',
    );
  }

  private async accountAction(
    request: FastifyRequest,
    reply: FastifyReply,
    user: AuthUser,
    action: () => Promise<{ fullName: string }>,
    done: string,
  ): Promise<void> {
    try {
      const changed = await action();
      redirect(reply, '/admin/users', { kind: 'success', key: done, params: { name: changed.fullName } });
    } catch (error) {
      const { message, errors } = formError(request, error);
      const status = error instanceof ProbityError ? error.status : 400;
      return this.userList(
        request,
        reply,
        user,
        undefined,
        undefined,
        { pageError: [message, ...Object.values(errors)].join(' ') },
        status,
      );
    }
  }

  @Get('audit')
  @PageAuth('platform_admin', 'academy_admin')
  async auditPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    await render(request, reply, 'audit', 'admin:audit.title', { result: await this.audit.verify(auditScope(user)) });
  }
}
