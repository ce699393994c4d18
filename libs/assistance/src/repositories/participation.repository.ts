import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { MissionParticipant, ParticipationCertificate } from '../entities/mission-record.entity';

/** What a new participant is inserted with. */
export type NewParticipant = Pick<
  MissionParticipant,
  'missionId' | 'userId' | 'fullName' | 'email' | 'sex' | 'agencyType' | 'function' | 'country' | 'organisation' | 'createdBy'
>;

/** One mark of the register. */
export interface AttendanceMark {
  participantId: string;
  day: string;
  present: boolean;
}

/** A participant who may be given a certificate of participation: present at least one day, none yet. */
export interface Certifiable {
  participant: MissionParticipant;
  daysPresent: number;
}

/**
 * A mission's participants, their attendance per day and their certificates of participation
 * (`assistance_mission_participants`, `assistance_mission_attendance`, `assistance_participation_certificates`).
 */
@Injectable()
export class ParticipationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- participants -------------------------------------------------------------------------------------

  /** Adds a participant; null when the learner is on the mission already (the partial unique index says so). */
  async insert(manager: EntityManager, fields: NewParticipant): Promise<MissionParticipant | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO assistance_mission_participants
              (mission_id, user_id, full_name, email, sex, agency_type, "function", country, organisation, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (mission_id, user_id) WHERE user_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        fields.missionId,
        fields.userId,
        fields.fullName,
        fields.email,
        fields.sex,
        fields.agencyType,
        fields.function,
        fields.country,
        fields.organisation,
        fields.createdBy,
      ],
    );
    return rows.length ? this.find(rows[0].id, manager) : null;
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<MissionParticipant | null> {
    return manager.findOne(MissionParticipant, { where: { id } });
  }

  participants(missionId: string, manager: EntityManager = this.dataSource.manager): Promise<MissionParticipant[]> {
    return manager.find(MissionParticipant, { where: { missionId }, order: { fullName: 'ASC', id: 'ASC' } });
  }

  async count(missionId: string): Promise<number> {
    return this.dataSource.manager.countBy(MissionParticipant, { missionId });
  }

  /** Removes a participant (and their marks); false when there was none. */
  async remove(manager: EntityManager, missionId: string, id: string): Promise<boolean> {
    const result = await manager.delete(MissionParticipant, { id, missionId });
    return (result.affected ?? 0) > 0;
  }

  // ---- attendance ---------------------------------------------------------------------------------------

  /** Sets the marks of one day (each participant's row replaced), recorded by `by`. */
  async mark(manager: EntityManager, day: string, marks: { participantId: string; present: boolean }[], by: string): Promise<void> {
    if (!marks.length) return;
    await manager.query(
      `INSERT INTO assistance_mission_attendance (participant_id, day, present, recorded_by, recorded_at)
       SELECT (x->>'participantId')::uuid, $1::date, (x->>'present')::boolean, $3, now()
         FROM jsonb_array_elements($2::jsonb) x
       ON CONFLICT (participant_id, day) DO UPDATE
          SET present = EXCLUDED.present, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
      [day, JSON.stringify(marks), by],
    );
  }

  /** Every mark of the mission's participants. */
  async marks(missionId: string, manager: EntityManager = this.dataSource.manager): Promise<AttendanceMark[]> {
    const rows = await manager.query<{ participant_id: string; day: string; present: boolean }[]>(
      `SELECT a.participant_id, a.day::text AS day, a.present
         FROM assistance_mission_attendance a
         JOIN assistance_mission_participants p ON p.id = a.participant_id
        WHERE p.mission_id = $1
        ORDER BY a.day`,
      [missionId],
    );
    return rows.map((r) => ({ participantId: r.participant_id, day: r.day, present: r.present }));
  }

  /** Whether any mark of the mission lies outside [from, to]. */
  async marksOutside(manager: EntityManager, missionId: string, from: string, to: string): Promise<boolean> {
    const [row] = await manager.query<{ outside: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM assistance_mission_attendance a
                        JOIN assistance_mission_participants p ON p.id = a.participant_id
                       WHERE p.mission_id = $1 AND (a.day < $2::date OR a.day > $3::date)) AS outside`,
      [missionId, from, to],
    );
    return row.outside;
  }

  // ---- certificates of participation ---------------------------------------------------------------------

  /** Participants present at least one day who have no certificate yet, with their days present, by name. */
  async certifiable(manager: EntityManager, missionId: string): Promise<Certifiable[]> {
    const rows = await manager.query<{ id: string; days: number }[]>(
      `SELECT p.id, count(*) FILTER (WHERE a.present)::int AS days
         FROM assistance_mission_participants p
         JOIN assistance_mission_attendance a ON a.participant_id = p.id
        WHERE p.mission_id = $1
          AND NOT EXISTS (SELECT 1 FROM assistance_participation_certificates c WHERE c.participant_id = p.id)
        GROUP BY p.id
       HAVING count(*) FILTER (WHERE a.present) > 0`,
      [missionId],
    );
    if (!rows.length) return [];
    const participants = await manager.find(MissionParticipant, { where: rows.map((r) => ({ id: r.id })) });
    const days = new Map(rows.map((r) => [r.id, r.days]));
    return participants
      .map((participant) => ({ participant, daysPresent: days.get(participant.id)! }))
      .sort((a, b) => a.participant.fullName.localeCompare(b.participant.fullName) || a.participant.id.localeCompare(b.participant.id));
  }

  /** Stores a certificate; false when the participant has one already (a second issuer came first). */
  async insertCertificate(
    manager: EntityManager,
    fields: Pick<
      ParticipationCertificate,
      'participantId' | 'missionId' | 'academyId' | 'code' | 'record' | 'signature' | 'kid' | 'issuedBy' | 'issuedAt'
    >,
  ): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO assistance_participation_certificates
              (participant_id, mission_id, academy_id, code, record, signature, kid, issued_by, issued_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
       ON CONFLICT (participant_id) DO NOTHING
       RETURNING id`,
      [
        fields.participantId,
        fields.missionId,
        fields.academyId,
        fields.code,
        JSON.stringify(fields.record),
        fields.signature,
        fields.kid,
        fields.issuedBy,
        fields.issuedAt,
      ],
    );
    return rows.length > 0;
  }

  certificates(missionId: string, manager: EntityManager = this.dataSource.manager): Promise<ParticipationCertificate[]> {
    return manager.find(ParticipationCertificate, { where: { missionId }, order: { issuedAt: 'ASC', id: 'ASC' } });
  }

  certificateByCode(code: string): Promise<ParticipationCertificate | null> {
    return this.dataSource.manager.findOne(ParticipationCertificate, { where: { code } });
  }

  /** Erasure (ADR 0014): the person's certificates of participation not yet redacted, locked until the transaction ends. */
  holderCertificatesForUpdate(
    manager: EntityManager,
    userId: string,
  ): Promise<{ id: string; academy_id: string; kid: string; record: Record<string, unknown>; signature: string }[]> {
    return manager.query(
      `SELECT c.id, c.academy_id, c.kid, c.record, c.signature FROM assistance_participation_certificates c
         JOIN assistance_mission_participants p ON p.id = c.participant_id
        WHERE p.user_id = $1 AND c.holder_erased_at IS NULL
        ORDER BY c.code FOR UPDATE OF c`,
      [userId],
    );
  }

  async redactHolder(manager: EntityManager, id: string, record: Record<string, unknown>, recordSha256: string | null): Promise<void> {
    await manager.query(
      `UPDATE assistance_participation_certificates SET record = $2::jsonb, record_sha256 = $3, holder_erased_at = now() WHERE id = $1`,
      [id, JSON.stringify(record), recordSha256],
    );
  }

  /** Revokes a certificate of the mission; false when there is none by that code or it was revoked already. */
  async revoke(manager: EntityManager, missionId: string, code: string, reason: string): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      // A CTE, so that the driver answers the rows (an UPDATE alone answers [rows, count]).
      `WITH revoked AS (
         UPDATE assistance_participation_certificates SET revoked_at = now(), revoked_reason = $3
          WHERE mission_id = $1 AND code = $2 AND revoked_at IS NULL
          RETURNING id)
       SELECT id FROM revoked`,
      [missionId, code, reason],
    );
    return rows.length > 0;
  }

  certificateOfMission(manager: EntityManager, missionId: string, code: string): Promise<ParticipationCertificate | null> {
    return manager.findOne(ParticipationCertificate, { where: { missionId, code } });
  }

  async hasCertificate(manager: EntityManager, participantId: string): Promise<boolean> {
    return manager.existsBy(ParticipationCertificate, { participantId });
  }
}
