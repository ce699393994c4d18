import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, Forbidden, type LocaleMap, NotFound } from '@probity/i18n';
import { type AuthUser, administers } from './auth-user';
import type { AcademySettingsDto, CreateAcademyDto } from './dto/create-academy.dto';
import type { ListQueryDto, Page } from './dto/list-query.dto';
import type { Academy } from './entities/academy.entity';
import { AcademiesRepository } from './repositories/academies.repository';

/**
 * What other contexts read of an academy: a plain copy, so that no lib outside identity holds (or saves)
 * the entity. The API answers with it too.
 */
export interface AcademyView {
  id: string;
  code: string;
  name: LocaleMap;
  country: string;
  defaultLocale: string;
  itemReview: boolean;
  timeZone: string;
  createdAt: Date;
}

export function academyView(academy: Academy): AcademyView {
  const { id, code, name, country, defaultLocale, itemReview, timeZone, createdAt } = academy;
  return { id, code, name, country, defaultLocale, itemReview, timeZone, createdAt };
}

@Injectable()
export class AcademiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly academies: AcademiesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser | null, dto: CreateAcademyDto): Promise<Academy> {
    return this.dataSource.transaction(async (manager) => {
      if (await this.academies.codeTaken(manager, dto.code)) throw new Conflict('academy_code_taken', { code: dto.code });
      const academy = await this.academies.create(manager, {
        code: dto.code,
        name: dto.name,
        country: dto.country,
        defaultLocale: dto.defaultLocale,
        itemReview: dto.itemReview ?? false,
        timeZone: dto.timeZone ?? 'UTC',
      });
      await this.audit.record(manager, {
        actorId: actor?.id ?? null,
        academyId: academy.id,
        action: 'academy.created',
        entityType: 'academy',
        entityId: academy.id,
        after: {
          code: academy.code,
          name: academy.name,
          country: academy.country,
          defaultLocale: academy.defaultLocale,
          itemReview: academy.itemReview,
          timeZone: academy.timeZone,
        },
      });
      return academy;
    });
  }

  /** The academy's own settings, changed by its administrators (or a platform administrator), audited. */
  async updateSettings(actor: AuthUser, id: string, dto: AcademySettingsDto): Promise<Academy> {
    if (!administers(actor, id)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const academy = await this.academies.findForUpdate(manager, id);
      if (!academy) throw new NotFound('academy');
      const before = { timeZone: academy.timeZone };
      academy.timeZone = dto.timeZone;
      await this.academies.save(manager, academy);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: id,
        action: 'academy.settings_changed',
        entityType: 'academy',
        entityId: id,
        before,
        after: { timeZone: academy.timeZone },
      });
      return academy;
    });
  }

  async list(query: ListQueryDto): Promise<Page<Academy>> {
    const [items, total] = await this.academies.page(query.limit ?? 50, query.offset ?? 0);
    return { items, total };
  }

  // ---- for other contexts ---------------------------------------------------------------------
  // Plain reads by id or code, with no access check: the caller has already decided the reader may see
  // what it shows (a course's academy, a certificate's issuer). `manager` lets a caller read inside its
  // own transaction rather than take a second connection from the pool while holding one.

  async get(id: string, manager?: EntityManager): Promise<AcademyView> {
    const academy = await this.academies.find(id, manager);
    if (!academy) throw new NotFound('academy');
    return academyView(academy);
  }

  async byCode(code: string, manager?: EntityManager): Promise<AcademyView | null> {
    const academy = await this.academies.byCode(code, manager);
    return academy ? academyView(academy) : null;
  }

  /** How many of the ids name an academy (a caller checks that all exist). */
  countExisting(ids: string[], manager?: EntityManager): Promise<number> {
    if (!ids.length) return Promise.resolve(0);
    return this.academies.countExisting(ids, manager);
  }

  /** Whether question items of the academy need a second person's approval; false for an unknown academy. */
  async reviewRequired(id: string, manager?: EntityManager): Promise<boolean> {
    return (await this.academies.find(id, manager))?.itemReview ?? false;
  }
}
