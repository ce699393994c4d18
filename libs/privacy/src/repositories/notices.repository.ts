import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Locale } from '@probity/i18n';
import { PrivacyAcknowledgement, PrivacyNotice } from '../entities/privacy-notice.entity';
import { type ConsentPurpose, PrivacyConsent } from '../entities/privacy-consent.entity';

/** A published version of a notice, every language of it. */
export interface StoredNotice {
  academyId: string | null;
  version: number;
  publishedAt: Date;
  publishedBy: string | null;
  bodies: Partial<Record<Locale, string>>;
}

/** Which notice a person must acknowledge: the academy's (or the platform's, `academyId` null) version. */
export interface NoticeVersion {
  academyId: string | null;
  version: number;
}

/**
 * The privacy context's statements on notices, acknowledgements and consents. The notice that applies to a person is
 * one rule (`APPLIES`): their academy's latest version if the academy published one, else the platform's latest.
 */
@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The latest published version of an academy's notice (`null`: the platform's), or undefined when none was. */
  async latest(academyId: string | null, manager: EntityManager = this.dataSource.manager): Promise<StoredNotice | undefined> {
    const rows = await manager.query<{ locale: Locale; version: number; body: string; published_at: Date; published_by: string | null }[]>(
      `SELECT locale, version, body, published_at, published_by FROM privacy_notices
        WHERE academy_id IS NOT DISTINCT FROM $1
          AND version = (SELECT max(version) FROM privacy_notices WHERE academy_id IS NOT DISTINCT FROM $1)
        ORDER BY locale`,
      [academyId],
    );
    if (!rows.length) return undefined;
    return {
      academyId,
      version: rows[0].version,
      publishedAt: rows[0].published_at,
      publishedBy: rows[0].published_by,
      bodies: Object.fromEntries(rows.map((r) => [r.locale, r.body])),
    };
  }

  /** Versions of one notice are numbered one after the other: publishing takes this lock first. */
  async lockNotice(manager: EntityManager, academyId: string | null): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`privacy_notice:${academyId ?? 'platform'}`]);
  }

  async insert(manager: EntityManager, notice: Omit<StoredNotice, 'publishedAt'>): Promise<void> {
    await manager.getRepository(PrivacyNotice).insert(
      Object.entries(notice.bodies).map(([locale, body]) => ({
        academyId: notice.academyId,
        version: notice.version,
        locale: locale as Locale,
        body,
        publishedBy: notice.publishedBy,
      })),
    );
  }

  /** The version a person has not yet acknowledged of the notice that applies to them, or undefined. */
  async unacknowledged(
    userId: string,
    academyId: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<NoticeVersion | undefined> {
    const rows = await manager.query<{ academy_id: string | null; version: number }[]>(
      `WITH applies AS (
         SELECT academy_id, max(version) AS version FROM privacy_notices WHERE academy_id = $2 GROUP BY academy_id
         UNION ALL
         SELECT NULL, max(version) FROM privacy_notices WHERE academy_id IS NULL HAVING count(*) > 0
         ORDER BY academy_id NULLS LAST LIMIT 1
       )
       SELECT applies.academy_id, applies.version FROM applies
        WHERE NOT EXISTS (SELECT 1 FROM privacy_acknowledgements a
                           WHERE a.user_id = $1 AND a.academy_id IS NOT DISTINCT FROM applies.academy_id AND a.version = applies.version)`,
      [userId, academyId],
    );
    return rows.length ? { academyId: rows[0].academy_id, version: Number(rows[0].version) } : undefined;
  }

  /** Records the acknowledgement; false when it was recorded already. */
  async acknowledge(manager: EntityManager, userId: string, notice: NoticeVersion): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO privacy_acknowledgements (user_id, academy_id, version) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, academy_id, version) DO NOTHING RETURNING id`,
      [userId, notice.academyId, notice.version],
    );
    return rows.length > 0;
  }

  acknowledgements(userId: string): Promise<PrivacyAcknowledgement[]> {
    return this.dataSource
      .getRepository(PrivacyAcknowledgement)
      .find({ where: { userId }, order: { acknowledgedAt: 'DESC', version: 'DESC' } });
  }

  // ---- consents ------------------------------------------------------------------------------------------

  /** A person's consents, every grant, the newest first. */
  consents(userId: string, manager: EntityManager = this.dataSource.manager): Promise<PrivacyConsent[]> {
    return manager.getRepository(PrivacyConsent).find({ where: { userId }, order: { grantedAt: 'DESC', id: 'ASC' } });
  }

  /** The consent in force for a purpose (locked for the caller's transaction), or undefined. */
  async current(manager: EntityManager, userId: string, purpose: ConsentPurpose): Promise<PrivacyConsent | undefined> {
    const row = await manager
      .getRepository(PrivacyConsent)
      .createQueryBuilder('c')
      .where('c.userId = :userId AND c.purpose = :purpose AND c.withdrawnAt IS NULL', { userId, purpose })
      .setLock('pessimistic_write')
      .getOne();
    return row ?? undefined;
  }

  async grant(manager: EntityManager, userId: string, purpose: ConsentPurpose, grantedAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO privacy_consents (user_id, purpose, granted_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, purpose) WHERE withdrawn_at IS NULL DO NOTHING`,
      [userId, purpose, grantedAt],
    );
  }

  async withdraw(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE privacy_consents SET withdrawn_at = greatest($2::timestamptz, granted_at) WHERE id = $1`, [id, at]);
  }
}
