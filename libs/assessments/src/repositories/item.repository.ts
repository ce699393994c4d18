import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Item, ItemRevision, type ItemStatus } from '../entities/item.entity';
import type { ItemContent } from '../item-model';

/** An item with its current revision, as the bank lists it. */
export interface CurrentItemRow {
  id: string;
  status: ItemStatus;
  /** Who wrote the item first. */
  authorId: string | null;
  /** Who wrote its current revision. */
  revisedBy: string | null;
  revision: number;
  content: ItemContent;
}

/** What a published version freezes of one item: its current revision. */
export interface FreezableItemRow {
  item_id: string;
  status: ItemStatus;
  revision_id: string;
  revision: number;
  content: ItemContent;
}

/**
 * The question bank (`items`, `item_revisions`). Methods that change rows or lock them run in the
 * caller's transaction and take its manager first; reads take a manager last, the pool's by default.
 */
@Injectable()
export class ItemRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The item, locked until the caller's transaction ends: revisions and approvals of one item happen one at a time. */
  lock(manager: EntityManager, id: string): Promise<Item | null> {
    return manager.findOne(Item, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The item by id; with `courseId`, only when it belongs to that course. */
  find(id: string, courseId?: string, manager: EntityManager = this.dataSource.manager): Promise<Item | null> {
    return manager.findOneBy(Item, { id, ...(courseId ? { courseId } : {}) });
  }

  /** One revision of an item (every item has the revision it points at). */
  revision(itemId: string, revision: number, manager: EntityManager = this.dataSource.manager): Promise<ItemRevision> {
    return manager.findOneByOrFail(ItemRevision, { itemId, revision });
  }

  create(manager: EntityManager, fields: Pick<Item, 'courseId' | 'authorId' | 'status' | 'currentRevision'>): Promise<Item> {
    return manager.save(manager.create(Item, fields));
  }

  save(manager: EntityManager, item: Item): Promise<Item> {
    return manager.save(item);
  }

  /** Writes a revision; with `approvedBy` it is approved now (an academy without review), else it waits for review. */
  addRevision(
    manager: EntityManager,
    fields: Pick<ItemRevision, 'itemId' | 'revision' | 'content' | 'createdBy' | 'approvedBy'>,
  ): Promise<ItemRevision> {
    return manager.save(manager.create(ItemRevision, { ...fields, approvedAt: fields.approvedBy ? new Date() : null }));
  }

  async approveRevision(manager: EntityManager, revisionId: string, approvedBy: string, approvedAt: Date): Promise<void> {
    await manager.update(ItemRevision, revisionId, { approvedBy, approvedAt });
  }

  /** Every item of the course with its current revision, in the order they were written. */
  currentOfCourse(courseId: string, manager: EntityManager = this.dataSource.manager): Promise<CurrentItemRow[]> {
    return manager.query<CurrentItemRow[]>(
      `SELECT i.id, i.status, i.author_id AS "authorId", r.created_by AS "revisedBy", r.revision, r.content
         FROM items i JOIN item_revisions r ON r.item_id = i.id AND r.revision = i.current_revision
        WHERE i.course_id = $1 ORDER BY i.created_at, i.id`,
      [courseId],
    );
  }

  /** The ids among `ids` that name items of the course. */
  async idsOfCourse(courseId: string, ids: string[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>('SELECT id FROM items WHERE course_id = $1 AND id = ANY($2)', [courseId, ids]);
    return rows.map((r) => r.id);
  }

  /** The current revision and status of each of the items (absent ids are left out). */
  currentRevisions(itemIds: string[], manager: EntityManager = this.dataSource.manager): Promise<FreezableItemRow[]> {
    return manager.query<FreezableItemRow[]>(
      `SELECT i.id AS item_id, i.status, r.id AS revision_id, r.revision, r.content
         FROM items i JOIN item_revisions r ON r.item_id = i.id AND r.revision = i.current_revision WHERE i.id = ANY($1)`,
      [itemIds],
    );
  }
}
