import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Participant } from '../entities/record.entity';

/** What a new participant is inserted with. */
export type NewInitiativeParticipant = Pick<
  Participant,
  | 'initiativeId'
  | 'institutionId'
  | 'userId'
  | 'fullName'
  | 'email'
  | 'sex'
  | 'agencyType'
  | 'function'
  | 'country'
  | 'organisation'
  | 'addedBy'
>;

/** One mark of the register. */
export interface InitiativeMark {
  participantId: string;
  day: string;
  present: boolean;
}

/** An initiative's participants per institution and their attendance per day (`cooperation_participants`, `cooperation_attendance`). */
@Injectable()
export class InitiativeParticipationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a participant; null when the person takes part already (the partial unique index says so). */
  async insert(manager: EntityManager, fields: NewInitiativeParticipant): Promise<Participant | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO cooperation_participants
              (initiative_id, institution_id, user_id, full_name, email, sex, agency_type, "function", country, organisation, added_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (initiative_id, user_id) WHERE user_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        fields.initiativeId,
        fields.institutionId,
        fields.userId,
        fields.fullName,
        fields.email,
        fields.sex,
        fields.agencyType,
        fields.function,
        fields.country,
        fields.organisation,
        fields.addedBy,
      ],
    );
    return rows.length ? this.find(rows[0].id, manager) : null;
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Participant | null> {
    return manager.findOneBy(Participant, { id });
  }

  /** The participants of the initiative, of the given institutions only (null: all), by name. */
  participants(
    initiativeId: string,
    institutionIds: string[] | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Participant[]> {
    const query = manager.createQueryBuilder(Participant, 'p').where('p.initiative_id = :initiativeId', { initiativeId });
    if (institutionIds) query.andWhere('p.institution_id = ANY(:ids)', { ids: institutionIds });
    return query.orderBy('p.full_name', 'ASC').addOrderBy('p.id', 'ASC').getMany();
  }

  async count(initiativeId: string, institutionIds: string[] | null): Promise<number> {
    const query = this.dataSource.manager.createQueryBuilder(Participant, 'p').where('p.initiative_id = :initiativeId', { initiativeId });
    if (institutionIds) query.andWhere('p.institution_id = ANY(:ids)', { ids: institutionIds });
    return query.getCount();
  }

  /** Whether the person takes part in the initiative with their account. */
  isParticipant(initiativeId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(Participant, { initiativeId, userId });
  }

  async remove(manager: EntityManager, initiativeId: string, id: string): Promise<boolean> {
    const result = await manager.delete(Participant, { id, initiativeId });
    return (result.affected ?? 0) > 0;
  }

  /** Sets the marks of one day (each participant's row replaced), recorded by `by`. */
  async mark(manager: EntityManager, day: string, marks: { participantId: string; present: boolean }[], by: string): Promise<void> {
    if (!marks.length) return;
    await manager.query(
      `INSERT INTO cooperation_attendance (participant_id, day, present, recorded_by, recorded_at)
       SELECT (x->>'participantId')::uuid, $1::date, (x->>'present')::boolean, $3, now()
         FROM jsonb_array_elements($2::jsonb) x
       ON CONFLICT (participant_id, day) DO UPDATE
          SET present = EXCLUDED.present, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
      [day, JSON.stringify(marks), by],
    );
  }

  /** Every mark of the initiative's participants (of the given institutions; null: all). */
  async marks(initiativeId: string, institutionIds: string[] | null): Promise<InitiativeMark[]> {
    const rows = await this.dataSource.query<{ participant_id: string; day: string; present: boolean }[]>(
      `SELECT a.participant_id, a.day::text AS day, a.present
         FROM cooperation_attendance a
         JOIN cooperation_participants p ON p.id = a.participant_id
        WHERE p.initiative_id = $1 AND ($2::uuid[] IS NULL OR p.institution_id = ANY($2))
        ORDER BY a.day`,
      [initiativeId, institutionIds],
    );
    return rows.map((r) => ({ participantId: r.participant_id, day: r.day, present: r.present }));
  }

  /** Whether any mark of the initiative lies outside [from, to]. */
  async marksOutside(manager: EntityManager, initiativeId: string, from: string, to: string): Promise<boolean> {
    const [row] = await manager.query<{ outside: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM cooperation_attendance a JOIN cooperation_participants p ON p.id = a.participant_id
                       WHERE p.initiative_id = $1 AND (a.day < $2::date OR a.day > $3::date)) AS outside`,
      [initiativeId, from, to],
    );
    return row.outside;
  }
}
