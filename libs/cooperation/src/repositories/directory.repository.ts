import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Topic } from '@probity/assistance';
import type { DirectoryConsent, DirectoryEntry } from '../entities/directory.entity';

/** What a person chose to show in the directory. */
export type DirectoryFields = Pick<DirectoryEntry, 'displayName' | 'agency' | 'country' | 'languages' | 'topics' | 'workContact'>;

const ENTRY_COLUMNS = `e.user_id AS "userId", e.display_name AS "displayName", e.agency, e.country, e.languages, e.topics,
       e.work_contact AS "workContact", e.opted_in_at AS "optedInAt", e.updated_at AS "updatedAt"`;

/**
 * THE rule of who sees a directory entry `e` (ADR 0013), the only one: the API, the pages and any export read entries
 * through it. `$1` is the reader's id, `$2` whether the reader manages the facility (facility manager, platform
 * administrator). A manager sees every entry; anyone else sees an entry only when they have an entry themselves (they
 * opted in) and took part, with an account, in an initiative in which the entry's owner took part too. Never public,
 * never to someone who did not opt in, never across initiatives that do not share both people.
 */
export const VISIBLE_TO_READER = `($2::boolean OR (
    EXISTS (SELECT 1 FROM cooperation_directory_entries mine WHERE mine.user_id = $1::uuid)
    AND EXISTS (SELECT 1 FROM cooperation_participants theirs
                  JOIN cooperation_participants ours ON ours.initiative_id = theirs.initiative_id AND ours.user_id = $1::uuid
                 WHERE theirs.user_id = e.user_id)))`;

/**
 * The opt-in directory of counterparts and its record of consent (migration 1796530000000). Writes take the caller's
 * manager first; reads take a manager last.
 */
@Injectable()
export class DirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the person took part in any initiative with their account. */
  async tookPart(userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row] = await manager.query<{ yes: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM cooperation_participants WHERE user_id = $1) AS yes`,
      [userId],
    );
    return row.yes;
  }

  /** The person's own entry; `lock`: held for the caller's transaction. */
  async own(userId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<DirectoryEntry | null> {
    const [row] = await manager.query<DirectoryEntry[]>(
      `SELECT ${ENTRY_COLUMNS} FROM cooperation_directory_entries e WHERE e.user_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [userId],
    );
    return row ?? null;
  }

  /** Opts in: false, and nothing written, when the person has an entry already. */
  async insert(manager: EntityManager, userId: string, fields: DirectoryFields): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO cooperation_directory_entries (user_id, display_name, agency, country, languages, topics, work_contact)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      [userId, fields.displayName, fields.agency, fields.country, fields.languages, fields.topics, fields.workContact],
    );
    return rows.length > 0;
  }

  async update(manager: EntityManager, userId: string, fields: DirectoryFields): Promise<void> {
    await manager.query(
      `UPDATE cooperation_directory_entries SET display_name = $2, agency = $3, country = $4, languages = $5, topics = $6,
              work_contact = $7, updated_at = now() WHERE user_id = $1`,
      [userId, fields.displayName, fields.agency, fields.country, fields.languages, fields.topics, fields.workContact],
    );
  }

  /** Opts out: the entry is gone at once; false when there was none. */
  async remove(manager: EntityManager, userId: string): Promise<boolean> {
    const result: unknown = await manager.query(`DELETE FROM cooperation_directory_entries WHERE user_id = $1 RETURNING user_id`, [userId]);
    // TypeORM answers a DELETE's RETURNING as `[rows, affected]`.
    const rows =
      Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
    return rows.length > 0;
  }

  /** One line of the record of consent: who, what, when; never what was shown. */
  async consent(manager: EntityManager, userId: string, action: DirectoryConsent['action']): Promise<void> {
    await manager.query(`INSERT INTO cooperation_directory_consents (user_id, action) VALUES ($1, $2)`, [userId, action]);
  }

  consents(userId: string, manager: EntityManager = this.dataSource.manager): Promise<DirectoryConsent[]> {
    return manager.query<DirectoryConsent[]>(
      `SELECT id, user_id AS "userId", action, at FROM cooperation_directory_consents WHERE user_id = $1 ORDER BY at DESC, id`,
      [userId],
    );
  }

  /**
   * One page of the entries the reader may see (`VISIBLE_TO_READER`), the reader's own left out, with the initiatives
   * the reader shares with each owner (their references); optionally of one topic or country.
   */
  async visible(
    reader: { userId: string; manager: boolean },
    filter: { topic?: Topic; country?: string },
    limit: number,
    offset: number,
  ): Promise<{ rows: (DirectoryEntry & { shared: string[] })[]; total: number }> {
    const rows = await this.dataSource.query<(DirectoryEntry & { shared: string[]; total: number })[]>(
      `SELECT ${ENTRY_COLUMNS},
              ARRAY(SELECT DISTINCT i.reference FROM cooperation_participants theirs
                      JOIN cooperation_participants ours ON ours.initiative_id = theirs.initiative_id AND ours.user_id = $1::uuid
                      JOIN cooperation_initiatives i ON i.id = theirs.initiative_id
                     WHERE theirs.user_id = e.user_id ORDER BY 1) AS shared,
              count(*) OVER ()::int AS total
         FROM cooperation_directory_entries e
        WHERE ${VISIBLE_TO_READER}
          AND e.user_id <> $1::uuid
          AND ($3::text IS NULL OR $3 = ANY(e.topics))
          AND ($4::text IS NULL OR e.country = $4)
        ORDER BY lower(e.display_name), e.user_id
        LIMIT $5 OFFSET $6`,
      [reader.userId, reader.manager, filter.topic ?? null, filter.country ?? null, limit, offset],
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }
}
