import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { JobQueue } from '@probity/database';
import { NotFound } from '@probity/i18n';
import { type AuthUser, administers } from '@probity/identity';
import { Job, type JobState } from './entities/job.entity';

/** A queued or running job not heard of for this long is reported as interrupted. */
const STALLED_AFTER_MS = 10 * 60_000;

/** What the starter of a job sees (`GET /api/v1/jobs/:id` and the progress page). */
export interface JobView {
  id: string;
  state: JobState;
  progress: { done: number; total: number };
  result?: unknown;
  error?: string;
}

/**
 * Background work as its starter follows it: one row per job, made when the work is queued and
 * written by the worker that runs it (progress while it runs, the result or the error at the end).
 * The queue itself (pg-boss) only carries the job's id.
 */
@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(Job) private readonly jobs: Repository<Job>,
    private readonly queue: JobQueue,
  ) {}

  /**
   * A queued job, written in the caller's transaction, which also sends its queue message
   * (`JobQueue.sendIn`, with the row's id as the message's id): both commit or neither does.
   */
  create(
    manager: EntityManager,
    job: { kind: string; params: Record<string, unknown>; startedBy: string; academyId: string | null },
  ): Promise<Job> {
    return manager.save(manager.create(Job, { ...job, state: 'queued' }));
  }

  /** A job for the one who started it and its academy's administrators; others get 404. */
  async get(actor: AuthUser, jobId: string): Promise<JobView> {
    const job = await this.jobs.findOneBy({ id: jobId });
    if (!job || (job.startedBy !== actor.id && !administers(actor, job.academyId))) throw new NotFound('job');
    // Progress is written every quarter second while a worker runs: silence this long means the worker stopped.
    // It is interrupted only if the queue gave up on it too; while pg-boss holds its message (sent with the
    // row's id) it is waiting for a worker, and one that takes it resumes where the last one stopped.
    const interrupted =
      (job.state === 'active' || job.state === 'queued') &&
      Date.now() - job.updatedAt.getTime() > STALLED_AFTER_MS &&
      !(await this.queue.pending(job.id));
    return {
      id: job.id,
      state: interrupted ? 'failed' : job.state,
      ...(interrupted ? { error: 'interrupted' } : {}),
      progress: { done: job.done, total: job.total },
      ...(job.result ? { result: job.result } : {}),
      ...(job.error ? { error: job.error } : {}),
    };
  }

  /** The worker's read of a job (its parameters, state and result), without an access check. */
  find(jobId: string): Promise<Job | null> {
    return this.jobs.findOneBy({ id: jobId });
  }

  /** The worker took the job: `total` items to do, `done` of them already done (0 unless it resumes an interrupted run). */
  /**
   * A run begins. Progress only grows: two runs of one job at once (a second worker took it over while the first
   * still ran) each announce what they see, and the bar keeps the larger total and count.
   */
  async start(jobId: string, total: number, done = 0): Promise<void> {
    await this.jobs.query(
      `UPDATE jobs SET state = 'active', total = GREATEST(total, $2), done = GREATEST(done, $3), updated_at = now()
        WHERE id = $1 AND state <> 'completed'`,
      [jobId, total, done],
    );
  }

  async progress(jobId: string, done: number): Promise<void> {
    await this.jobs.query(`UPDATE jobs SET done = LEAST(GREATEST(done, $2), total), updated_at = now() WHERE id = $1`, [jobId, done]);
  }

  /** Done: the bar is full, whichever run finished last. */
  async finish(jobId: string, result: object): Promise<void> {
    await this.jobs.query(`UPDATE jobs SET state = 'completed', result = $2, done = total, updated_at = now() WHERE id = $1`, [
      jobId,
      JSON.stringify(result),
    ]);
  }

  async fail(jobId: string, error: string): Promise<void> {
    await this.jobs.update(jobId, { state: 'failed', error, updatedAt: new Date() });
  }
}
