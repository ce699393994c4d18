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
}
