import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, PageAuth } from '@probity/identity';
import { RegisterService } from '@probity/privacy';
import { ctx, render } from './page';

/**
 * The register of personal data on a page (issue 16 point 1): per context, what it holds by category, then each
 * table's personal columns with category, purpose, legal basis and retention in the reader's language, and the
 * columns declared not personal. Platform administrators only (others get 403, the same rule as the API's).
 */
@ApiExcludeController()
@Controller('admin/privacy')
export class PrivacyRegisterPages {
  constructor(private readonly register: RegisterService) {}

  @Get()
  @PageAuth('platform_admin')
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentUser() user: AuthUser): Promise<void> {
    const view = this.register.view(user, ctx(request).probity.locale);
    await render(request, reply, 'privacy/register', 'register:title', {
      totals: { tables: view.tables, personal: view.personalColumns, other: view.notPersonalColumns },
      contexts: view.contexts.map((context) => ({
        code: context.code,
        label: context.label,
        categories: context.categories.map((category) => ({
          label: category.label,
          tables: category.tables.map((t) => ({ table: t.table, columns: t.columns.join(', ') })),
        })),
        // Each table holding personal data is a row group: its name spans the rows of its groups of columns.
        tables: context.tables
          .filter((table) => table.personal.length > 0)
          .map((table) => ({
            table: table.table,
            rows: table.personal.map((group, index) => ({
              first: index === 0,
              span: table.personal.length,
              table: table.table,
              columns: group.columns.join(', '),
              category: group.category.label,
              purpose: group.purpose.label,
              legalBasis: group.legalBasis.label,
              retention: group.retention.label,
            })),
          })),
        notPersonal: context.tables
          .filter((table) => table.notPersonal.length > 0 || table.personal.length === 0)
          .map((table) => ({ table: table.table, columns: table.notPersonal.join(', '), nothing: table.personal.length === 0 })),
      })),
    });
  }
}
