import { EXPORT_PLAN, NOT_LINKABLE } from './export-plan';
import { REGISTER } from './register';

describe('export plan', () => {
  it('covers every table with personal columns: exported, or named as not linkable to one person with a reason', () => {
    const planned = new Set(EXPORT_PLAN.map((e) => e.table));
    const missing = REGISTER.filter((d) => d.personal.length > 0 && !planned.has(d.table) && !NOT_LINKABLE[d.table]).map((d) => d.table);
    expect(missing).toEqual([]);
    for (const [table, reason] of Object.entries(NOT_LINKABLE)) {
      expect([table, planned.has(table)]).toEqual([table, false]);
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  it('names only declared tables and columns, each table once, and binds the person in every statement', () => {
    const declared = new Map(REGISTER.map((d) => [d.table, new Set([...d.personal.flatMap((g) => g.columns), ...d.notPersonal])]));
    const seen = new Set<string>();
    for (const entry of EXPORT_PLAN) {
      expect([entry.table, declared.has(entry.table), seen.has(entry.table)]).toEqual([entry.table, true, false]);
      seen.add(entry.table);
      expect([entry.table, entry.where.includes('$1')]).toEqual([entry.table, true]);
      for (const column of entry.omit ?? [])
        expect([entry.table, column, declared.get(entry.table)?.has(column)]).toEqual([entry.table, column, true]);
    }
  });
});
