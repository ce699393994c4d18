import type { VersionSnapshot } from './snapshot';

/** What other contexts read of a published version: its frozen content, as plain data (not the entity). */
export interface PublishedVersion {
  readonly id: string;
  readonly courseId: string;
  readonly number: number;
  /** Locales in which every text of the version is present. */
  readonly locales: readonly string[];
  readonly snapshot: VersionSnapshot;
}

/** Freezes an object and everything it holds: a cached version is shared by every reader, none may change it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The versions read so far in this process. A published version never changes (a trigger refuses
 * updates and deletes), so an entry never goes stale; the cap only bounds memory: past it, the
 * version read least recently is dropped and read again from the database when next asked for.
 */
export class VersionCache {
  private readonly versions = new Map<string, PublishedVersion>();

  constructor(readonly capacity = 200) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a version cache needs a capacity of at least 1, not ${capacity}`);
  }

  get size(): number {
    return this.versions.size;
  }

  get(id: string): PublishedVersion | undefined {
    const version = this.versions.get(id);
    if (version) {
      // A Map keeps insertion order: moving the entry to the end keeps the least recently read first.
      this.versions.delete(id);
      this.versions.set(id, version);
    }
    return version;
  }

  /**
   * Keeps the version's plain data (not the entity) and answers it, frozen. The snapshot is frozen
   * in place, not copied: it comes straight from the database and the cache takes it over. (Not
   * `structuredClone`, which under jest makes objects of another realm that fail plain-object checks.)
   */
  set(version: PublishedVersion): PublishedVersion {
    const kept = deepFreeze({
      id: version.id,
      courseId: version.courseId,
      number: version.number,
      locales: [...version.locales],
      snapshot: version.snapshot,
    });
    this.versions.delete(kept.id);
    this.versions.set(kept.id, kept);
    while (this.versions.size > this.capacity) this.versions.delete(this.versions.keys().next().value as string);
    return kept;
  }
}
