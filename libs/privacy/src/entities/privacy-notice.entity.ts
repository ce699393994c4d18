import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Locale } from '@probity/i18n';

/**
 * One language of one published version of a privacy notice: an academy's, or the platform's own (`academyId` null).
 * Never changed once published: a new text is a new version, which everyone is asked to read again.
 */
@Entity('privacy_notices')
export class PrivacyNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The academy (identity's; foreign key in the migration); null: the platform's notice. */
  @Column({ type: 'uuid', name: 'academy_id', nullable: true })
  academyId: string | null;

  @Column({ type: 'varchar', length: 5 })
  locale: Locale;

  @Column({ type: 'int' })
  version: number;

  /** Plain paragraphs separated by blank lines; `## ` starts a heading, `- ` a list item. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'timestamptz', name: 'published_at', default: () => 'now()' })
  publishedAt: Date;

  /** The administrator who published it (null once their account is gone). */
  @Column({ type: 'uuid', name: 'published_by', nullable: true })
  publishedBy: string | null;
}

/** A person read and acknowledged one version of a notice (once). */
@Entity('privacy_acknowledgements')
export class PrivacyAcknowledgement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  /** Whose notice: the academy's, or null for the platform's. */
  @Column({ type: 'uuid', name: 'academy_id', nullable: true })
  academyId: string | null;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'timestamptz', name: 'acknowledged_at', default: () => 'now()' })
  acknowledgedAt: Date;
}
