import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOPICS } from '@probity/assistance';
import { DIRECTORY_LIMITS, DirectoryEntryDto, DirectoryOptInDto, DirectoryService } from '@probity/cooperation';
import { LANGUAGE_NAMES, LOCALES, ProbityError, translate, validated } from '@probity/i18n';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { asList, ctx, errorFlash, formError, formText, redirect, render } from './page';

type Body = Record<string, unknown>;

/**
 * The directory of counterparts on pages (issue 15 point 3): the entries the reader may see (the same service and
 * SQL rule as the API), and the reader's own entry: an opt-in form with an explicit consent checkbox and the text of
 * what is shown to whom, a form to change it, and a button to opt out (the entry is gone at once).
 */
@ApiExcludeController()
@Controller('directory')
export class DirectoryPages {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @PageAuth()
  async page(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: AuthUser,
    model: { form?: Record<string, string | string[]>; errors?: Record<string, string>; message?: string } = {},
    status = 200,
  ): Promise<void> {
    const locale = ctx(request).probity.locale;
    const me = await this.directory.me(user);
    const mayOpen = me.manager || me.eligible;
    const visible = mayOpen ? await this.directory.list(user, { limit: 500, offset: 0 }) : { items: [], total: 0 };
    const entry = me.entry;
    const form = model.form ?? {};
    const value = (key: string, fallback: string): string => (typeof form[key] === 'string' ? form[key] : fallback);
    const languages = Array.isArray(form.languages) ? form.languages : (entry?.languages ?? []);
    const topics = Array.isArray(form.topics) ? form.topics : (entry?.topics ?? []);
    const topicName = (t: string): string => translate(locale, `assistance:topics.${t}`);
    await render(
      request,
      reply,
      'cooperation/directory',
      'directory:title',
      {
        mayOpen,
        manager: me.manager,
        eligible: me.eligible,
        optedIn: Boolean(entry),
        entries: visible.items.map((e) => ({
          displayName: e.displayName,
          agency: e.agency,
          country: e.country,
          languages: e.languages.map((l) => LANGUAGE_NAMES[l as keyof typeof LANGUAGE_NAMES] ?? l).join(', '),
          topics: e.topics.map(topicName).join(', '),
          workContact: e.workContact,
          shared: e.shared.join(', '),
        })),
        total: visible.total,
        form: {
          displayName: value('displayName', entry?.displayName ?? user.fullName),
          agency: value('agency', entry?.agency ?? ''),
          country: value('country', entry?.country ?? ''),
          workContact: value('workContact', entry?.workContact ?? ''),
          otherLanguages: value('otherLanguages', languages.filter((l) => !(LOCALES as readonly string[]).includes(l)).join(' ')),
          languages: LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], checked: languages.includes(l) })),
          topics: TOPICS.map((t) => ({ value: t, label: topicName(t), checked: topics.includes(t) })),
        },
        limits: DIRECTORY_LIMITS,
        errors: model.errors ?? {},
        message: model.message,
        consents: me.consents.map((c) => ({ action: translate(locale, `directory:consent_actions.${c.action}`), at: c.at })),
      },
      status,
    );
  }

  /** Opts in (with the consent box ticked) or, for someone in the directory already, changes the entry. */
  @Post('me')
  @PageAuth()
  async save(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const body = (request.body ?? {}) as Body;
    const languages = [
      ...asList(body.languages),
      ...formText(body, 'otherLanguages')
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean),
    ];
    const form = {
      displayName: formText(body, 'displayName'),
      agency: formText(body, 'agency'),
      country: formText(body, 'country'),
      workContact: formText(body, 'workContact'),
      otherLanguages: formText(body, 'otherLanguages'),
      languages,
      topics: asList(body.topics),
    };
    const fields = {
      displayName: form.displayName,
      agency: form.agency,
      ...(form.country ? { country: form.country } : {}),
      languages: form.languages,
      topics: form.topics,
      workContact: form.workContact,
    };
    const optingIn = formText(body, 'action') === 'opt_in';
    try {
      if (optingIn) await this.directory.optIn(user, await validated(DirectoryOptInDto, { ...fields, consent: body.consent === 'yes' }));
      else await this.directory.update(user, await validated(DirectoryEntryDto, fields));
    } catch (error) {
      if (!(error instanceof ProbityError) || error.status === 403 || error.status === 404 || error.status === 409)
        return redirect(reply, '/directory', errorFlash(request, error));
      const { message, errors } = formError(request, error);
      return this.page(request, reply, user, { form, errors, message }, error.status);
    }
    redirect(reply, '/directory', { kind: 'success', key: optingIn ? 'directory:opted_in' : 'directory:updated' });
  }

  @Post('me/opt-out')
  @PageAuth()
  async optOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    try {
      await this.directory.optOut(user);
    } catch (error) {
      return redirect(reply, '/directory', errorFlash(request, error));
    }
    redirect(reply, '/directory', { kind: 'success', key: 'directory:opted_out' });
  }
}
