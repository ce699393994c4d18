/** Question items and assessments of a course (the bank): what staff see, answers included. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASSESSMENT_KINDS, ITEM_STATUSES, ITEM_TYPES, SCORE_POLICIES, type ItemContent, type ItemsService } from '@probity/assessments';
import type { LocaleMap } from '@probity/i18n';
import { type Answer, DATE_TIME, LOCALE_MAP, UUID, UUIDS } from './common.response';

type ItemRow = Answer<ItemsService, 'create'>;
type AssessmentRow = Answer<ItemsService, 'createAssessment'>;

export class ItemOptionResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty(LOCALE_MAP)
  text: LocaleMap;

  @ApiProperty({ description: 'Share of the points the option is worth, -1..1' })
  fraction: number;

  @ApiPropertyOptional(LOCALE_MAP)
  feedback?: LocaleMap;
}

export class RubricLevelResponseDto {
  @ApiProperty()
  points: number;

  @ApiProperty(LOCALE_MAP)
  descriptor: LocaleMap;
}

export class RubricCriterionResponseDto {
  @ApiProperty(LOCALE_MAP)
  criterion: LocaleMap;

  @ApiProperty({ type: [RubricLevelResponseDto] })
  levels: RubricLevelResponseDto[];
}

/** The content of one revision of an item, as written: with its answers (staff only). */
export class ItemContentResponseDto {
  @ApiProperty({ enum: ITEM_TYPES })
  type: string;

  @ApiPropertyOptional({ description: 'A short title' })
  name?: string;

  @ApiProperty(LOCALE_MAP)
  stem: LocaleMap;

  @ApiProperty()
  points: number;

  @ApiPropertyOptional({ type: [ItemOptionResponseDto] })
  options?: ItemOptionResponseDto[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'numeric: accepted values {value, tolerance, fraction, feedback?}',
  })
  numeric?: unknown[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'short_text: accepted answers {text, fraction, feedback?}',
  })
  accepted?: unknown[];

  @ApiPropertyOptional()
  caseSensitive?: boolean;

  @ApiPropertyOptional()
  ignoreDiacritics?: boolean;

  @ApiPropertyOptional(LOCALE_MAP)
  explanation?: LocaleMap;

  @ApiPropertyOptional({ type: [RubricCriterionResponseDto] })
  rubric?: RubricCriterionResponseDto[];

  @ApiPropertyOptional({ type: [String] })
  tags?: string[];
}

export class ItemResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: ITEM_STATUSES })
  status: string;

  @ApiProperty({ description: 'The current revision' })
  revision: number;

  @ApiProperty({ ...UUID, nullable: true, description: 'Who wrote the item first' })
  authorId: string | null;

  @ApiProperty({ ...UUID, nullable: true, description: 'Who wrote the current revision: the one person who may not approve it' })
  revisedBy: string | null;

  @ApiProperty({ type: ItemContentResponseDto })
  content: ItemContent;
}

export class ItemListResponseDto {
  @ApiProperty({ type: [ItemResponseDto] })
  items: ItemResponseDto[];

  @ApiProperty()
  total: number;
}

export class ItemImportErrorResponseDto {
  @ApiProperty({ description: 'The question’s name, or its line' })
  item: string;

  @ApiProperty({ description: 'Why it was not imported, in the caller’s language' })
  message: string;
}

export class ItemImportResponseDto {
  @ApiProperty()
  imported: number;

  @ApiProperty({ type: [ItemImportErrorResponseDto] })
  errors: ItemImportErrorResponseDto[];
}

export class AssessmentResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  courseId: string;

  @ApiProperty({ enum: ASSESSMENT_KINDS })
  kind: string;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty({ ...UUIDS, description: 'Items in the order they are asked (unless shuffled)' })
  itemIds: string[];

  @ApiProperty()
  passPercent: number;

  @ApiProperty({ type: Number, nullable: true })
  timeLimitMinutes: number | null;

  @ApiProperty({ type: Number, nullable: true })
  maxAttempts: number | null;

  @ApiProperty()
  shuffle: boolean;

  @ApiProperty()
  blindGrading: boolean;

  @ApiProperty({ enum: SCORE_POLICIES, description: 'Which attempt counts in the gradebook' })
  policy: string;

  @ApiProperty({ ...UUID, nullable: true })
  createdBy: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: Date;
}

export function mapItem(item: ItemRow): ItemResponseDto {
  return {
    id: item.id,
    status: item.status,
    revision: item.revision,
    authorId: item.authorId,
    revisedBy: item.revisedBy,
    content: item.content,
  };
}

export function mapItemList(list: Answer<ItemsService, 'list'>): ItemListResponseDto {
  return { items: list.items.map(mapItem), total: list.total };
}

/** Import errors carry their message in the caller's language (the controller translates the reason). */
export function mapItemImport(result: { imported: number; errors: { item: string; message: string }[] }): ItemImportResponseDto {
  return { imported: result.imported, errors: result.errors.map((e) => ({ item: e.item, message: e.message })) };
}

export function mapAssessment(assessment: AssessmentRow): AssessmentResponseDto {
  return {
    id: assessment.id,
    courseId: assessment.courseId,
    kind: assessment.kind,
    title: assessment.title,
    itemIds: assessment.itemIds,
    passPercent: assessment.passPercent,
    timeLimitMinutes: assessment.timeLimitMinutes,
    maxAttempts: assessment.maxAttempts,
    shuffle: assessment.shuffle,
    blindGrading: assessment.blindGrading,
    policy: assessment.policy,
    createdBy: assessment.createdBy,
    createdAt: assessment.createdAt,
  };
}
