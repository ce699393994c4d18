import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { managesFacility } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { BadInput, Conflict, Forbidden, NotFound } from '@probity/i18n';
import type { AuthUser, Page } from '@probity/identity';
import type { DirectoryEntryDto, DirectoryOptInDto, DirectoryQueryDto } from './dto/directory.dto';
import type { DirectoryConsent, DirectoryEntry } from './entities/directory.entity';
import { DirectoryRepository, type DirectoryFields } from './repositories/directory.repository';

/** A visible entry, with the initiatives (references) its owner shares with the reader. */
export type DirectoryListing = DirectoryEntry & { shared: string[] };

/** The reader's own place in the directory: whether they may opt in, their entry, their record of consent. */
export interface DirectoryMe {
  /** Took part in an initiative with their account: may opt in. */
  eligible: boolean;
  entry: DirectoryEntry | null;
  consents: DirectoryConsent[];
  /** Facility managers see every entry without an entry of their own. */
  manager: boolean;
}

/**
 * The opt-in directory of counterparts (issue 15 point 3, ADR 0013). A person who took part in an initiative with
 * their account opts in explicitly (`consent: true`), chooses what is shown and may change it; opting out deletes the
 * entry at once, in the same transaction as the record of consent. Every opt-in and opt-out is kept (who, what, when),
 * never with contact data, and audited the same way. Who sees what is one SQL predicate (`VISIBLE_TO_READER`).
 */
@Injectable()
export class DirectoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditService,
  ) {}

  async me(actor: AuthUser): Promise<DirectoryMe> {
    const [eligible, entry, consents] = await Promise.all([
      this.directory.tookPart(actor.id),
      this.directory.own(actor.id),
      this.directory.consents(actor.id),
    ]);
    return { eligible, entry, consents, manager: managesFacility(actor) };
  }

  /** Whether the person may open the directory at all: facility managers, and people who took part in an initiative. */
  async mayOpen(actor: AuthUser): Promise<boolean> {
    return managesFacility(actor) || (await this.directory.tookPart(actor.id));
  }

  async optIn(actor: AuthUser, dto: DirectoryOptInDto): Promise<DirectoryMe> {
    if (dto.consent !== true) throw new BadInput('directory_consent_required');
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.directory.tookPart(actor.id, manager))) throw new Forbidden('directory_not_participant');
      if (!(await this.directory.insert(manager, actor.id, fields(dto)))) throw new Conflict('directory_opted_in');
      await this.directory.consent(manager, actor.id, 'opt_in');
      await this.record(manager, actor, 'cooperation.directory.opted_in');
    });
    return this.me(actor);
  }

  async update(actor: AuthUser, dto: DirectoryEntryDto): Promise<DirectoryMe> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.directory.own(actor.id, manager, true))) throw new NotFound('directory_entry');
      await this.directory.update(manager, actor.id, fields(dto));
      await this.record(manager, actor, 'cooperation.directory.changed');
    });
    return this.me(actor);
  }

  /** Opts out: the entry is deleted now; the record of consent keeps the opt-out. 404 when there was no entry. */
  async optOut(actor: AuthUser): Promise<DirectoryMe> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.directory.remove(manager, actor.id))) throw new NotFound('directory_entry');
      await this.directory.consent(manager, actor.id, 'opt_out');
      await this.record(manager, actor, 'cooperation.directory.opted_out');
    });
    return this.me(actor);
  }

  /** The entries the reader may see; 403 for someone who neither manages the facility nor took part in an initiative. */
  async list(actor: AuthUser, query: DirectoryQueryDto): Promise<Page<DirectoryListing>> {
    if (!(await this.mayOpen(actor))) throw new Forbidden();
    const { rows, total } = await this.directory.visible(
      { userId: actor.id, manager: managesFacility(actor) },
      { topic: query.topic, country: query.country },
      query.limit ?? 50,
      query.offset ?? 0,
    );
    return { items: rows, total };
  }

  /** Audited without what was shown: only that the person opted in, changed their entry or opted out. */
  private record(manager: EntityManager, actor: AuthUser, action: string): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: actor.academyId,
      action,
      entityType: 'cooperation_directory_entry',
      entityId: actor.id,
      before: null,
      after: null,
    });
  }
}

function fields(dto: DirectoryEntryDto): DirectoryFields {
  return {
    displayName: dto.displayName,
    agency: dto.agency ?? '',
    country: dto.country ?? null,
    languages: [...new Set(dto.languages ?? [])],
    topics: [...new Set(dto.topics ?? [])],
    workContact: dto.workContact,
  };
}
