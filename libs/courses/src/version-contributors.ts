import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { VersionSnapshot } from './snapshot';

/**
 * Another context's part of a published version (question items and assessments, owned by
 * `assessments`). Courses calls every registered contributor when it publishes and never imports
 * them: they register themselves here. A contributor may refuse publication by throwing a
 * ProbityError (e.g. an item not yet approved); the whole publication then rolls back.
 */
export interface VersionContributor {
  /** The key of its part in `snapshot.contributions`. */
  readonly key: string;
  contribute(manager: EntityManager, snapshot: Readonly<VersionSnapshot>): Promise<unknown>;
  /**
   * What a reader who is not staff of the version (a learner) may see of its part: never an answer
   * key. A contributor that does not say gives learners nothing of its part.
   */
  learnerView?(part: unknown): unknown;
}

@Injectable()
export class VersionContributors {
  private readonly contributors: VersionContributor[] = [];

  register(contributor: VersionContributor): void {
    if (this.contributors.some((c) => c.key === contributor.key))
      throw new Error(`a version contributor "${contributor.key}" is already registered`);
    this.contributors.push(contributor);
  }

  all(): readonly VersionContributor[] {
    return this.contributors;
  }

  /** The contributions as a learner may see them: each contributor's learner view of its own part. */
  learnerView(contributions: Record<string, unknown>): Record<string, unknown> {
    const view: Record<string, unknown> = {};
    for (const contributor of this.contributors) {
      if (contributor.key in contributions && contributor.learnerView)
        view[contributor.key] = contributor.learnerView(contributions[contributor.key]);
    }
    return view;
  }
}
