import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ItemContent } from '../item-model';

export const ITEM_STATUSES = ['draft', 'in_review', 'approved'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** A question of a course's bank. Its content lives in revisions; the item points at the current one. */
@Entity('items')
@Index('items_course', ['courseId'])
export class Item {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The course's id (courses' table; foreign key `items_course_fk` in the migrations, not a relation here). */
  @Column({ type: 'uuid', name: 'course_id' })
  courseId: string;

  @Column({ type: 'uuid', name: 'author_id', nullable: true })
  authorId: string | null;

  /** The status of the current revision. */
  @Column({ type: 'varchar', length: 12, default: 'draft' })
  status: ItemStatus;

  @Column({ type: 'int', name: 'current_revision', default: 1 })
  currentRevision: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** One version of an item's content, never changed once written: published versions and attempts point at it. */
@Entity('item_revisions')
@Index('item_revisions_item_revision_key', ['itemId', 'revision'], { unique: true })
export class ItemRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'item_id' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'item_revisions_item_fk' })
  item?: Item;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'jsonb' })
  content: ItemContent;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'uuid', name: 'approved_by', nullable: true })
  approvedBy: string | null;

  @Column({ type: 'timestamptz', name: 'approved_at', nullable: true })
  approvedAt: Date | null;
}
