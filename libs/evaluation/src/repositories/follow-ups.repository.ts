import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { SupervisorContact } from '../entities/follow-up-contact.entity';
import { FollowUpInvitation } from '../entities/follow-up-invitation.entity';
import { FollowUpWave } from '../entities/follow-up-wave.entity';
import { SurveyTemplate } from '../entities/survey-template.entity';
import type {
  FollowUpItem,
  FollowUpItemType,
  Respondent,
  StandardFollowUpTemplate,
  StoredFollowUpAnswers,
  TemplateKind,
} from '../follow-up-model';

/** Per wave and kind of respondent: how many were asked (invited) and how many answered. */
export interface WaveCount {
  waveId: string;
  respondent: Respondent;
  invited: number;
  answered: number;
}

/** An invitation found by a supervisor's link, with what its page needs. */
export interface LinkedInvitation {
  invitation: FollowUpInvitation;
  wave: FollowUpWave;
  contact: SupervisorContact;
  /** Past its answer window (from its first mail). */
  expired: boolean;
}

/**
 * Whether a wave's answers of one kind of respondent reached the wave's threshold, as a condition every statement that
 * reads answers carries: under `min_responses` answers such a statement finds no row at all.
 */
const OVER_THRESHOLD = `(SELECT count(*) FROM follow_up_invitations x WHERE x.wave_id = $1 AND x.respondent = $2 AND x.answered_at IS NOT NULL)
       >= (SELECT w.min_responses FROM follow_up_waves w WHERE w.id = $1)`;

/** The answers of one wave and kind of respondent, one row per answered item. */
const ANSWERS = `follow_up_invitations i
         JOIN follow_up_responses r ON r.invitation_id = i.id
         CROSS JOIN LATERAL jsonb_each(r.answers) a
         JOIN survey_template_items it ON it.id::text = a.key`;

/**
 * Follow-up waves and what hangs on them (`follow_up_waves`, `supervisor_contacts`, `follow_up_invitations`,
 * `follow_up_links`, `follow_up_responses`) and the follow-up questionnaires among `survey_templates`. The worker's
 * statements (due invitations, reminders, mail claims) are in `FollowUpMailRepository`.
 */
@Injectable()
export class FollowUpsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- questionnaires -----------------------------------------------------------------------------

  templateByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<SurveyTemplate | null> {
    return manager.findOneBy(SurveyTemplate, { code });
  }

  /** A follow-up questionnaire of this kind (platform-wide, or of `academyId`), or null. */
  findTemplate(
    id: string,
    kind: TemplateKind,
    academyId: string | null,
    manager = this.dataSource.manager,
  ): Promise<SurveyTemplate | null> {
    return manager
      .findOneBy(SurveyTemplate, { id, kind })
      .then((t) => (t && (t.academyId === null || t.academyId === academyId) ? t : null));
  }

  templates(ids: string[]): Promise<SurveyTemplate[]> {
    return ids.length ? this.dataSource.getRepository(SurveyTemplate).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** A standard questionnaire under its code, unless one exists (servers starting together create it once). */
  async insertStandard(manager: EntityManager, standard: StandardFollowUpTemplate): Promise<string | undefined> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO survey_templates (academy_id, code, kind, title, intro) VALUES (NULL, $1, $2, $3, $4)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [standard.code, standard.kind, JSON.stringify(standard.title), JSON.stringify(standard.intro)],
    );
    if (!rows.length) return undefined;
    for (const [position, item] of standard.items.entries())
      await manager.query(
        `INSERT INTO survey_template_items (template_id, position, type, scale, text, options, required) VALUES ($1, $2, $3, NULL, $4, $5, $6)`,
        [rows[0].id, position, item.type, JSON.stringify(item.text), item.options ? JSON.stringify(item.options) : null, item.required],
      );
    return rows[0].id;
  }

  async items(templateId: string, manager: EntityManager = this.dataSource.manager): Promise<FollowUpItem[]> {
    const rows = await manager.query<
      {
        id: string;
        position: number;
        type: FollowUpItemType;
        text: FollowUpItem['text'];
        options: FollowUpItem['options'];
        required: boolean;
      }[]
    >(`SELECT id, position, type, text, options, required FROM survey_template_items WHERE template_id = $1 ORDER BY position`, [
      templateId,
    ]);
    return rows.map((r) => ({ id: r.id, position: r.position, type: r.type, text: r.text, options: r.options, required: r.required }));
  }

  // ---- waves ------------------------------------------------------------------------------------------

  waves(cohortId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<FollowUpWave[]> {
    return manager.find(FollowUpWave, {
      where: { cohortId },
      order: { months: 'ASC' },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  findWave(id: string, manager: EntityManager = this.dataSource.manager): Promise<FollowUpWave | null> {
    return manager.findOneBy(FollowUpWave, { id });
  }

  wavesById(ids: string[]): Promise<FollowUpWave[]> {
    return ids.length ? this.dataSource.getRepository(FollowUpWave).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** Every cohort that has waves (the worker asks cohorts who completed them). */
  async cohortsWithWaves(): Promise<string[]> {
    const rows = await this.dataSource.query<{ cohort_id: string }[]>(`SELECT DISTINCT cohort_id FROM follow_up_waves`);
    return rows.map((r) => r.cohort_id);
  }

  insertWave(manager: EntityManager, fields: Omit<FollowUpWave, 'id' | 'createdAt'>): Promise<FollowUpWave> {
    return manager.save(manager.create(FollowUpWave, fields));
  }

  saveWave(manager: EntityManager, wave: FollowUpWave): Promise<FollowUpWave> {
    return manager.save(wave);
  }

  async deleteWaves(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await manager.delete(FollowUpWave, { id: In(ids) });
  }

  /** Per wave and kind of respondent: invitations sent and answered. */
  async counts(waveIds: string[], manager: EntityManager = this.dataSource.manager): Promise<WaveCount[]> {
    if (!waveIds.length) return [];
    return manager.query<WaveCount[]>(
      `SELECT wave_id AS "waveId", respondent, count(sent_at)::int AS invited, count(answered_at)::int AS answered
         FROM follow_up_invitations WHERE wave_id = ANY($1::uuid[]) GROUP BY wave_id, respondent`,
      [waveIds],
    );
  }

  /** Whether any invitation of these waves exists (a wave that has begun keeps its months). */
  async invitationCounts(waveIds: string[], manager: EntityManager): Promise<Map<string, number>> {
    if (!waveIds.length) return new Map();
    const rows = await manager.query<{ wave_id: string; n: number }[]>(
      `SELECT wave_id, count(*)::int AS n FROM follow_up_invitations WHERE wave_id = ANY($1::uuid[]) GROUP BY wave_id`,
      [waveIds],
    );
    return new Map(rows.map((r) => [r.wave_id, r.n]));
  }

  // ---- supervisors ------------------------------------------------------------------------------------

  contactOf(
    userId: string,
    cohortId: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<SupervisorContact | null> {
    return manager.findOne(SupervisorContact, {
      where: { userId, cohortId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  contactsOf(userId: string): Promise<SupervisorContact[]> {
    return this.dataSource.getRepository(SupervisorContact).findBy({ userId });
  }

  findContact(id: string, manager: EntityManager = this.dataSource.manager): Promise<SupervisorContact | null> {
    return manager.findOneBy(SupervisorContact, { id });
  }

  saveContact(manager: EntityManager, contact: Partial<SupervisorContact>): Promise<SupervisorContact> {
    return manager.save(manager.create(SupervisorContact, { ...contact, updatedAt: new Date() }));
  }

  /** Whether a mail to this supervisor went out, or is going out now (claimed): then the contact no longer changes. */
  async contactInUse(contactId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM follow_up_invitations WHERE contact_id = $1 AND (sent_at IS NOT NULL OR claimed_until > now()) LIMIT 1`,
      [contactId],
    );
    return rows.length > 0;
  }

  /**
   * Deletes every supervisor a learner named (consent withdrawn, issue 16 point 5), with their invitations, links and
   * answers (foreign keys cascade): a worker holding a claim finds its invitation gone and mails nothing. Waits for a
   * claim being taken at this moment (the claim share-locks the contact).
   */
  /**
   * Withdraws a learner's supervisors: their unanswered invitations (and links) go; a contact no supervisor answered
   * through is deleted; one whose supervisor already answered is emptied (name, address) and marked withdrawn, so the
   * answer stays in the results and no later wave asks again.
   */
  async deleteContactsOf(manager: EntityManager, userId: string): Promise<{ id: string; cohortId: string }[]> {
    await manager.query(
      `DELETE FROM follow_up_invitations i USING supervisor_contacts c
        WHERE i.contact_id = c.id AND c.user_id = $1 AND i.answered_at IS NULL`,
      [userId],
    );
    // SELECTs over data-modifying CTEs: TypeORM answers a bare DELETE/UPDATE … RETURNING as [rows, count].
    const deleted = await manager.query<{ id: string; cohort_id: string }[]>(
      `WITH gone AS (
         DELETE FROM supervisor_contacts c
          WHERE c.user_id = $1 AND NOT EXISTS (SELECT 1 FROM follow_up_invitations i WHERE i.contact_id = c.id)
          RETURNING id, cohort_id)
       SELECT id, cohort_id FROM gone`,
      [userId],
    );
    const emptied = await manager.query<{ id: string; cohort_id: string }[]>(
      `WITH emptied AS (
         UPDATE supervisor_contacts SET name = '', email = '', withdrawn_at = now(), updated_at = now()
          WHERE user_id = $1 AND withdrawn_at IS NULL RETURNING id, cohort_id)
       SELECT id, cohort_id FROM emptied`,
      [userId],
    );
    return [...deleted, ...emptied].map((r) => ({ id: r.id, cohortId: r.cohort_id }));
  }

  // ---- invitations and answers ------------------------------------------------------------------------------

  findInvitation(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<FollowUpInvitation | null> {
    return manager.findOne(FollowUpInvitation, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** A learner's own invitations (as respondent), the newest first. */
  learnerInvitations(learnerId: string): Promise<FollowUpInvitation[]> {
    return this.dataSource
      .getRepository(FollowUpInvitation)
      .find({ where: { learnerId, respondent: 'learner' }, order: { createdAt: 'DESC' } });
  }

  /** Whether the invitation is past its answer window, by the database's clock. */
  async expired(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row] = await manager.query<{ expired: boolean }[]>(
      `SELECT coalesce(expires_at <= now(), false) AS expired FROM follow_up_invitations WHERE id = $1`,
      [id],
    );
    return row?.expired ?? false;
  }

  /** The invitation a supervisor's link belongs to (looked up by the token's SHA-256 only); `lock` while answering. */
  async byLink(tokenSha256: Buffer, manager: EntityManager = this.dataSource.manager, lock = false): Promise<LinkedInvitation | undefined> {
    const [row] = await manager.query<{ id: string; expired: boolean }[]>(
      `SELECT i.id, coalesce(i.expires_at <= now(), false) AS expired
         FROM follow_up_links l JOIN follow_up_invitations i ON i.id = l.invitation_id
        WHERE l.token_sha256 = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
      [tokenSha256],
    );
    if (!row) return undefined;
    const invitation = await this.findInvitation(row.id, manager);
    const wave = invitation && (await this.findWave(invitation.waveId, manager));
    const contact = invitation?.contactId ? await this.findContact(invitation.contactId, manager) : null;
    if (!invitation || !wave || !contact) return undefined;
    return { invitation, wave, contact, expired: row.expired };
  }

  /** Stores the answers and marks the invitation answered, in the caller's transaction (which holds its lock). */
  async answer(manager: EntityManager, invitationId: string, answers: StoredFollowUpAnswers): Promise<Date> {
    await manager.query(`INSERT INTO follow_up_responses (invitation_id, answers) VALUES ($1, $2)`, [
      invitationId,
      JSON.stringify(answers),
    ]);
    const [row] = await manager.query<{ answered_at: Date }[]>(
      `WITH answered AS (
         UPDATE follow_up_invitations SET answered_at = now(), claimed_until = NULL, claim_token = NULL WHERE id = $1 RETURNING answered_at
       ) SELECT answered_at FROM answered`,
      [invitationId],
    );
    return row.answered_at;
  }

  // ---- results (only above the threshold) ------------------------------------------------------------------

  /** Per item: how many answered it, once the threshold is reached. */
  itemCounts(waveId: string, respondent: Respondent): Promise<{ itemId: string; n: number }[]> {
    return this.dataSource.query(
      `SELECT a.key AS "itemId", count(*)::int AS n FROM ${ANSWERS}
        WHERE i.wave_id = $1 AND i.respondent = $2 AND ${OVER_THRESHOLD}
        GROUP BY 1`,
      [waveId, respondent],
    );
  }

  /** Answers per item and value (frequency steps, option numbers), once the threshold is reached. */
  distribution(waveId: string, respondent: Respondent): Promise<{ itemId: string; value: number; count: number }[]> {
    return this.dataSource.query(
      `SELECT a.key AS "itemId", v.value::int AS value, count(*)::int AS count
         FROM ${ANSWERS}
         CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.value) = 'array' THEN a.value ELSE jsonb_build_array(a.value) END) v
        WHERE i.wave_id = $1 AND i.respondent = $2 AND it.type IN ('frequency', 'single_choice', 'multi_choice') AND ${OVER_THRESHOLD}
        GROUP BY 1, 2`,
      [waveId, respondent],
    );
  }

  /** Per count item: how many answered and the sum of their cases, once the threshold is reached. */
  async caseSums(waveId: string, respondent: Respondent): Promise<{ itemId: string; n: number; sum: number }[]> {
    const rows = await this.dataSource.query<{ itemId: string; n: number; sum: string }[]>(
      `SELECT a.key AS "itemId", count(*)::int AS n, sum((a.value #>> '{}')::bigint)::text AS sum
         FROM ${ANSWERS}
        WHERE i.wave_id = $1 AND i.respondent = $2 AND it.type = 'count' AND jsonb_typeof(a.value) = 'number' AND ${OVER_THRESHOLD}
        GROUP BY 1`,
      [waveId, respondent],
    );
    return rows.map((r) => ({ itemId: r.itemId, n: r.n, sum: Number(r.sum) }));
  }

  /** The open answers without their authors, in a random order, once the threshold is reached. */
  openAnswers(waveId: string, respondent: Respondent): Promise<{ itemId: string; text: string }[]> {
    return this.dataSource.query(
      `SELECT a.key AS "itemId", a.value #>> '{}' AS text
         FROM ${ANSWERS}
        WHERE i.wave_id = $1 AND i.respondent = $2 AND it.type = 'open_text' AND jsonb_typeof(a.value) = 'string' AND ${OVER_THRESHOLD}
        ORDER BY random()`,
      [waveId, respondent],
    );
  }
}
