import { Injectable } from '@nestjs/common';
import { DATA_CATEGORIES, type DataCategory, type LegalBasis, type RetentionRule, type TableDeclaration } from '@probity/database';
import { Forbidden, type Locale, translator } from '@probity/i18n';
import { type AuthUser, hasRole } from '@probity/identity';
import { REGISTER } from './register';

/** A code with its name in the reader's language. */
export interface Labelled<T extends string = string> {
  code: T;
  label: string;
}

/** Personal columns of one table that share a category, a purpose, a legal basis and a retention rule. */
export interface RegisterGroup {
  columns: string[];
  category: Labelled<DataCategory>;
  purpose: Labelled;
  legalBasis: Labelled<LegalBasis>;
  retention: Labelled<RetentionRule>;
}

export interface RegisterTable {
  table: string;
  personal: RegisterGroup[];
  notPersonal: string[];
}

/** One category of a context: which tables hold it, and in which columns. */
export interface RegisterCategory extends Labelled<DataCategory> {
  tables: { table: string; columns: string[] }[];
}

export interface RegisterContext extends Labelled {
  /** Its categories, in the order of `DATA_CATEGORIES`. */
  categories: RegisterCategory[];
  /** Its tables, those holding personal data first, each alphabetically. */
  tables: RegisterTable[];
  personalColumns: number;
}

export interface RegisterView {
  locale: Locale;
  contexts: RegisterContext[];
  tables: number;
  personalColumns: number;
  notPersonalColumns: number;
}

/**
 * The register of personal data as people read it (issue 16 point 1): every context's declarations, grouped by
 * context, then by category and by table, with categories, purposes, legal bases and retention rules named in the
 * reader's language. For platform administrators only (the API and the page check the same rule here).
 */
@Injectable()
export class RegisterService {
  /** The declarations as they are, for code that needs them (the completeness test, exports, erasure). */
  declarations(): readonly TableDeclaration[] {
    return REGISTER;
  }

  view(actor: AuthUser, locale: Locale): RegisterView {
    if (!hasRole(actor, 'platform_admin')) throw new Forbidden();
    const t = translator(locale);
    const label = <T extends string>(kind: string, code: T): Labelled<T> => ({ code, label: t(`register:${kind}.${code}`) });
    const order: string[] = [];
    const byContext = new Map<string, TableDeclaration[]>();
    for (const declaration of REGISTER) {
      if (!byContext.has(declaration.context)) order.push(declaration.context);
      byContext.set(declaration.context, [...(byContext.get(declaration.context) ?? []), declaration]);
    }
    const contexts = order.map((context): RegisterContext => {
      const declarations = byContext.get(context) ?? [];
      const tables = declarations
        .map((d): RegisterTable => ({
          table: d.table,
          personal: d.personal.map((g) => ({
            columns: [...g.columns],
            category: label('category', g.category),
            purpose: label('purpose', g.purpose),
            legalBasis: label('legal_basis', g.legalBasis),
            retention: label('retention', g.retention),
          })),
          notPersonal: [...d.notPersonal],
        }))
        .sort((a, b) => Number(b.personal.length > 0) - Number(a.personal.length > 0) || a.table.localeCompare(b.table));
      const categories = DATA_CATEGORIES.flatMap((category): RegisterCategory[] => {
        const holding = tables
          .map((table) => ({
            table: table.table,
            columns: table.personal.filter((g) => g.category.code === category).flatMap((g) => g.columns),
          }))
          .filter((table) => table.columns.length > 0);
        return holding.length ? [{ ...label('category', category), tables: holding }] : [];
      });
      const personalColumns = tables.reduce((n, table) => n + table.personal.reduce((m, g) => m + g.columns.length, 0), 0);
      return { ...label('context', context), categories, tables, personalColumns };
    });
    const personalColumns = contexts.reduce((n, c) => n + c.personalColumns, 0);
    return {
      locale,
      contexts,
      tables: REGISTER.length,
      personalColumns,
      notPersonalColumns: REGISTER.reduce((n, d) => n + d.notPersonal.length, 0),
    };
  }
}
