import { ApiProperty } from '@nestjs/swagger';
import { DATA_CATEGORIES, LEGAL_BASES, RETENTION_RULES } from '@probity/database';
import { LOCALES } from '@probity/i18n';
import type { Labelled, RegisterCategory, RegisterContext, RegisterGroup, RegisterTable, RegisterView } from '@probity/privacy';

export class RegisterLabelDto {
  @ApiProperty({ description: 'The code' })
  code: string;

  @ApiProperty({ description: 'Its name in the caller’s language' })
  label: string;
}

export class RegisterCategoryLabelDto {
  @ApiProperty({ enum: DATA_CATEGORIES })
  code: string;

  @ApiProperty({ description: 'Its name in the caller’s language' })
  label: string;
}

export class RegisterLegalBasisLabelDto {
  @ApiProperty({ enum: LEGAL_BASES, description: 'GDPR Art. 6(1)' })
  code: string;

  @ApiProperty({ description: 'Its name in the caller’s language' })
  label: string;
}

export class RegisterRetentionLabelDto {
  @ApiProperty({ enum: RETENTION_RULES })
  code: string;

  @ApiProperty({ description: 'The rule in the caller’s language' })
  label: string;
}

export class RegisterGroupDto {
  @ApiProperty({ type: [String], description: 'Database column names', example: ['full_name'] })
  columns: string[];

  @ApiProperty({ type: RegisterCategoryLabelDto })
  category: RegisterCategoryLabelDto;

  @ApiProperty({ type: RegisterLabelDto, description: 'Why it is held' })
  purpose: RegisterLabelDto;

  @ApiProperty({ type: RegisterLegalBasisLabelDto })
  legalBasis: RegisterLegalBasisLabelDto;

  @ApiProperty({ type: RegisterRetentionLabelDto })
  retention: RegisterRetentionLabelDto;
}

export class RegisterTableDto {
  @ApiProperty({ example: 'users' })
  table: string;

  @ApiProperty({ type: [RegisterGroupDto], description: 'Its personal columns, grouped by category, purpose, legal basis and retention' })
  personal: RegisterGroupDto[];

  @ApiProperty({ type: [String], description: 'Its columns that hold nothing about a person' })
  notPersonal: string[];
}

export class RegisterCategoryTableDto {
  @ApiProperty()
  table: string;

  @ApiProperty({ type: [String] })
  columns: string[];
}

export class RegisterCategoryDto extends RegisterCategoryLabelDto {
  @ApiProperty({ type: [RegisterCategoryTableDto], description: 'The tables (and columns) of the context holding this category' })
  tables: RegisterCategoryTableDto[];
}

export class RegisterContextDto {
  @ApiProperty({ description: 'The context (lib) that owns the tables', example: 'identity' })
  code: string;

  @ApiProperty({ description: 'Its name in the caller’s language' })
  label: string;

  @ApiProperty({ type: [RegisterCategoryDto], description: 'What it holds, by category' })
  categories: RegisterCategoryDto[];

  @ApiProperty({ type: [RegisterTableDto], description: 'Its tables, those holding personal data first' })
  tables: RegisterTableDto[];

  @ApiProperty()
  personalColumns: number;
}

export class PrivacyRegisterResponseDto {
  @ApiProperty({ enum: LOCALES, description: 'The language of the labels' })
  locale: string;

  @ApiProperty({ type: [RegisterContextDto] })
  contexts: RegisterContextDto[];

  @ApiProperty({ description: 'Tables declared' })
  tables: number;

  @ApiProperty({ description: 'Personal columns declared' })
  personalColumns: number;

  @ApiProperty({ description: 'Columns declared as not personal' })
  notPersonalColumns: number;
}

const mapLabel = (l: Labelled): RegisterLabelDto => ({ code: l.code, label: l.label });

const mapGroup = (g: RegisterGroup): RegisterGroupDto => ({
  columns: [...g.columns],
  category: mapLabel(g.category),
  purpose: mapLabel(g.purpose),
  legalBasis: mapLabel(g.legalBasis),
  retention: mapLabel(g.retention),
});

const mapTable = (t: RegisterTable): RegisterTableDto => ({
  table: t.table,
  personal: t.personal.map(mapGroup),
  notPersonal: [...t.notPersonal],
});

const mapCategory = (c: RegisterCategory): RegisterCategoryDto => ({
  code: c.code,
  label: c.label,
  tables: c.tables.map((t) => ({ table: t.table, columns: [...t.columns] })),
});

const mapContext = (c: RegisterContext): RegisterContextDto => ({
  code: c.code,
  label: c.label,
  categories: c.categories.map(mapCategory),
  tables: c.tables.map(mapTable),
  personalColumns: c.personalColumns,
});

export function mapPrivacyRegister(view: RegisterView): PrivacyRegisterResponseDto {
  return {
    locale: view.locale,
    contexts: view.contexts.map(mapContext),
    tables: view.tables,
    personalColumns: view.personalColumns,
    notPersonalColumns: view.notPersonalColumns,
  };
}
