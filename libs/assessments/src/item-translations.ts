import type { Locale } from '@probity/i18n';
import type { ItemContent } from './item-model';

/** One translatable text of the question bank, keyed for the side-by-side editor (`item:<id>:<part>[:<a>[:<b>]]`). */
export interface TranslatableText {
  key: string;
  label: { kind: string; item: number; index?: number; level?: number };
  value: Record<string, string>;
}

/** Every translatable text of the bank's items (stem, options, explanation, rubric criteria and levels), in bank order. */
export function translatableTexts(items: { id: string; content: ItemContent }[]): TranslatableText[] {
  return items.flatMap((item, n) => {
    const c = item.content;
    const at = n + 1;
    const rows: TranslatableText[] = [{ key: `item:${item.id}:stem`, label: { kind: 'item_stem', item: at }, value: c.stem }];
    (c.options ?? []).forEach((o, i) =>
      rows.push({ key: `item:${item.id}:option:${o.id}`, label: { kind: 'item_option', item: at, index: i + 1 }, value: o.text }),
    );
    if (c.explanation)
      rows.push({ key: `item:${item.id}:explanation`, label: { kind: 'item_explanation', item: at }, value: c.explanation });
    (c.rubric ?? []).forEach((r, ci) => {
      rows.push({ key: `item:${item.id}:rubric:${ci}`, label: { kind: 'item_criterion', item: at, index: ci + 1 }, value: r.criterion });
      r.levels.forEach((l, li) =>
        rows.push({
          key: `item:${item.id}:rubric:${ci}:${li}`,
          label: { kind: 'item_level', item: at, index: ci + 1, level: li + 1 },
          value: l.descriptor,
        }),
      );
    });
    return rows;
  });
}

/**
 * The item's content with one locale's texts of `entries` (keys of this item only) set; an empty text
 * removes that locale. Undefined when nothing changes (then the item gets no new revision).
 */
export function translatedContent(content: ItemContent, locale: Locale, entries: { key: string; text: string }[]): ItemContent | undefined {
  const next: ItemContent = structuredClone(content);
  const set = (map: Record<string, string> | undefined, text: string): Record<string, string> => {
    const changed = { ...(map ?? {}) };
    if (text.trim()) changed[locale] = text.trim();
    else delete changed[locale];
    return changed;
  };
  let dirty = false;
  for (const { key, text } of entries) {
    const [, , part, a, b] = key.split(':');
    const before = JSON.stringify(next);
    if (part === 'stem') next.stem = set(next.stem, text);
    else if (part === 'explanation') next.explanation = set(next.explanation, text);
    else if (part === 'option') {
      const option = next.options?.find((o) => o.id === a);
      if (option) option.text = set(option.text, text);
    } else if (part === 'rubric' && next.rubric?.[Number(a)]) {
      const criterion = next.rubric[Number(a)];
      if (b === undefined) criterion.criterion = set(criterion.criterion, text);
      else if (criterion.levels[Number(b)]) criterion.levels[Number(b)].descriptor = set(criterion.levels[Number(b)].descriptor, text);
    }
    dirty ||= JSON.stringify(next) !== before;
  }
  return dirty ? next : undefined;
}
