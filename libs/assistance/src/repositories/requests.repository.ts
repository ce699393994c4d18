import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestState, Topic } from '../assistance-model';
import { AssistanceRequest, RequestComment, RequestFile } from '../entities/request.entity';
import type { SimilarRequest } from '../requests-model';

/** What a new draft is inserted with. */
export type NewRequest = Pick<
  AssistanceRequest,
  | 'institutionId'
  | 'createdBy'
  | 'locale'
  | 'topic'
  | 'format'
  | 'title'
  | 'need'
  | 'expectedResult'
  | 'targetGroup'
  | 'participants'
  | 'preferredFrom'
  | 'preferredTo'
  | 'languages'
>;

/** The fields a draft's edit may change. */
export type DraftChanges = Partial<Omit<NewRequest, 'institutionId' | 'createdBy'>>;

/** A file without its bytes. */
export type FileInfo = Omit<RequestFile, 'content'>;

/**
 * Requests (`assistance_requests`), their files and their threads. A request's state changes only through `move`: one
 * conditional UPDATE, so that of two people moving the same request at once one finds it already moved.
 */
@Injectable()
export class RequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `TAF-<year>-<number>`, the number from the sequence `assistance_request_number` (never reused). */
  async nextReference(manager: EntityManager, year: number): Promise<string> {
    const [{ n }] = await manager.query<{ n: string }[]>(`SELECT nextval('assistance_request_number')::text AS n`);
    return `TAF-${year}-${n.padStart(4, '0')}`;
  }

  insert(manager: EntityManager, reference: string, fields: NewRequest): Promise<AssistanceRequest> {
    return manager.save(manager.create(AssistanceRequest, { ...fields, reference, status: 'draft', screening: {} }));
  }

  find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<AssistanceRequest | null> {
    return manager.findOne(AssistanceRequest, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Changes a draft; false when the request is no longer a draft. */
  async updateDraft(manager: EntityManager, id: string, changes: DraftChanges): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(AssistanceRequest)
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('id = :id AND status = :draft', { id, draft: 'draft' })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Moves a request to `to` if it is in one of `from` (with the fields the move sets); false when it was not (another
   * move came first, or it never was in such a state).
   */
  async move(
    manager: EntityManager,
    id: string,
    from: readonly RequestState[],
    to: RequestState,
    fields: Partial<Pick<AssistanceRequest, 'submittedAt' | 'decidedAt' | 'decidedBy' | 'decisionReason'>> = {},
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(AssistanceRequest)
      .set({ ...fields, status: to, updatedAt: () => 'now()' })
      .where('id = :id AND status = ANY(:from)', { id, from: [...from] })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Stores the screening's judgements while the request is being screened; false otherwise. */
  async setScreening(manager: EntityManager, id: string, screening: AssistanceRequest['screening']): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(AssistanceRequest)
      .set({ screening, updatedAt: () => 'now()' })
      .where('id = :id AND status = :screening', { id, screening: 'screening' })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** One page of requests, the latest submitted (or, for drafts, created) first. */
  async page(
    filter: { institutionId?: string; status?: RequestState; topic?: Topic },
    limit: number,
    offset: number,
  ): Promise<{ rows: AssistanceRequest[]; total: number }> {
    const qb = this.dataSource
      .getRepository(AssistanceRequest)
      .createQueryBuilder('r')
      .orderBy('coalesce(r.submitted_at, r.created_at)', 'DESC')
      .addOrderBy('r.reference', 'DESC')
      .take(limit)
      .skip(offset);
    if (filter.institutionId) qb.andWhere('r.institution_id = :institutionId', { institutionId: filter.institutionId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.topic) qb.andWhere('r.topic = :topic', { topic: filter.topic });
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  /** Requests of the same topic or the same institution, not drafts, made since `since`, except the request itself. */
  async similar(request: Pick<AssistanceRequest, 'id' | 'topic' | 'institutionId'>, since: string): Promise<SimilarRequest[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        reference: string;
        title: string;
        topic: Topic;
        status: RequestState;
        institution_id: string;
        submitted_at: Date | null;
      }[]
    >(
      `SELECT id, reference, title, topic, status, institution_id, submitted_at
         FROM assistance_requests
        WHERE id <> $1 AND status <> 'draft' AND (topic = $2 OR institution_id = $3)
          AND coalesce(submitted_at, created_at) >= $4::date
        ORDER BY coalesce(submitted_at, created_at) DESC
        LIMIT 50`,
      [request.id, request.topic, request.institutionId, since],
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      topic: r.topic,
      status: r.status,
      institutionId: r.institution_id,
      submittedAt: r.submitted_at,
    }));
  }

  // ---- files ----------------------------------------------------------------------------------------

  countFiles(manager: EntityManager, requestId: string): Promise<number> {
    return manager.countBy(RequestFile, { requestId });
  }

  async insertFile(manager: EntityManager, file: Omit<RequestFile, 'id' | 'createdAt'>): Promise<FileInfo> {
    const saved = await manager.save(manager.create(RequestFile, file));
    const { content: _content, ...info } = saved;
    return info;
  }

  files(requestId: string): Promise<FileInfo[]> {
    return this.dataSource.getRepository(RequestFile).find({ where: { requestId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** A file of the request with its bytes. */
  fileWithContent(requestId: string, fileId: string): Promise<RequestFile | null> {
    return this.dataSource
      .getRepository(RequestFile)
      .createQueryBuilder('f')
      .addSelect('f.content')
      .where('f.id = :fileId AND f.request_id = :requestId', { fileId, requestId })
      .getOne();
  }

  async deleteFile(manager: EntityManager, requestId: string, fileId: string): Promise<FileInfo | null> {
    const file = await manager.findOneBy(RequestFile, { id: fileId, requestId });
    if (!file) return null;
    await manager.delete(RequestFile, { id: fileId, requestId });
    return file;
  }

  // ---- the thread -------------------------------------------------------------------------------------

  comments(requestId: string): Promise<RequestComment[]> {
    return this.dataSource.getRepository(RequestComment).find({ where: { requestId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  insertComment(manager: EntityManager, fields: Pick<RequestComment, 'requestId' | 'authorId' | 'body'>): Promise<RequestComment> {
    return manager.save(manager.create(RequestComment, fields));
  }

  /** The people who wrote in the request's thread. */
  async commentAuthors(manager: EntityManager, requestId: string): Promise<string[]> {
    const rows = await manager.query<{ author_id: string }[]>(
      `SELECT DISTINCT author_id FROM assistance_request_comments WHERE request_id = $1 AND author_id IS NOT NULL`,
      [requestId],
    );
    return rows.map((r) => r.author_id);
  }
}
