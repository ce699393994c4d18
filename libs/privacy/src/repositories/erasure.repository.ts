import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLEAR_ANSWER_TEXTS, ERASURE_PLAN } from '../erasure-plan';

/**
 * Erasure's statements: the steps of `ERASURE_PLAN`, run in the caller's transaction. With `export.repository.ts`, the
 * one place where the privacy context writes other contexts' tables by name (ADR 0014; `scripts/cross-context.py`).
 */
@Injectable()
export class ErasureRepository {
  /** Runs every step for the person; answers the rows changed per table (tables with none left out). */
  async run(manager: EntityManager, userId: string, pseudonym: { name: string; email: string }): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const step of ERASURE_PLAN) {
      const [, changed] = await manager.query<[unknown, number]>(step.sql, [
        userId,
        ...(step.pseudonym ? [pseudonym.name] : []),
        ...(step.pseudonym === 'name_email' ? [pseudonym.email] : []),
      ]);
      if (changed) counts[step.table] = (counts[step.table] ?? 0) + changed;
    }
    return counts;
  }

  /** Empties the answer texts of the academy's cohorts that ended before `endedBefore`; answers how many answers. */
  async clearAnswerTexts(manager: EntityManager, academyId: string, endedBefore: Date): Promise<number> {
    const [, changed] = await manager.query<[unknown, number]>(CLEAR_ANSWER_TEXTS, [academyId, endedBefore.toISOString().slice(0, 10)]);
    return changed;
  }
}
