import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Forbidden, NotFound, Unprocessable, ValidationFailed } from '@probity/i18n';
import { AcademiesService, type AuthUser, type Page, UsersService, hasRole } from '@probity/identity';
import type { CreateInstitutionDto } from './dto/requests.dto';
import type { AssistanceInstitution } from './entities/institution.entity';
import { managesFacility } from './request-access.service';
import { InstitutionsRepository } from './repositories/institutions.repository';

/** An institution with the people who file for it. */
export interface InstitutionView {
  institution: AssistanceInstitution;
  focalPoints: { userId: string; fullName: string }[];
}

/**
 * The institutions that may ask the facility (ADR 0012). Facility managers register regional organisations and
 * national agencies and tie focal points to them; an academy's institution is made when the academy first asks.
 */
@Injectable()
export class InstitutionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly institutions: InstitutionsRepository,
    private readonly academies: AcademiesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, dto: CreateInstitutionDto): Promise<InstitutionView> {
    this.requireManager(actor);
    const countries = [...new Set(dto.countries ?? [])];
    if (dto.kind === 'national_agency' && !dto.country) throw new ValidationFailed([{ field: 'country', constraint: 'isNotEmpty' }]);
    if (dto.kind === 'national_agency' && countries.length)
      throw new ValidationFailed([{ field: 'countries', constraint: 'unknownField' }]);
    if (dto.kind === 'regional_organisation' && !countries.length)
      throw new ValidationFailed([{ field: 'countries', constraint: 'arrayNotEmpty' }]);
    if (dto.kind === 'regional_organisation' && dto.country) throw new ValidationFailed([{ field: 'country', constraint: 'unknownField' }]);
    const institution = await this.dataSource.transaction(async (manager) => {
      const created = await this.institutions.insert(manager, {
        kind: dto.kind,
        name: dto.name,
        country: dto.kind === 'national_agency' ? dto.country! : null,
        countries,
      });
      await this.record(manager, actor, created, 'assistance.institution.created', {
        kind: created.kind,
        name: created.name,
        country: created.country,
        countries: created.countries,
      });
      return created;
    });
    return { institution, focalPoints: [] };
  }

  async list(actor: AuthUser, limit = 50, offset = 0): Promise<Page<InstitutionView>> {
    this.requireManager(actor);
    const { rows, total } = await this.institutions.page(limit, offset);
    return { items: await this.views(rows), total };
  }

  async get(actor: AuthUser, id: string): Promise<InstitutionView> {
    this.requireManager(actor);
    const institution = await this.institutions.find(id);
    if (!institution) throw new NotFound('assistance_institution');
    return (await this.views([institution]))[0];
  }

  /** Ties a person with the role partner_focal_point to the institution (from another one, if they were tied elsewhere). */
  async addFocalPoint(actor: AuthUser, id: string, userId: string): Promise<InstitutionView> {
    this.requireManager(actor);
    await this.dataSource.transaction(async (manager) => {
      const institution = await this.institutions.find(id, manager);
      if (!institution) throw new NotFound('assistance_institution');
      const [person] = await this.users.facts([userId], manager);
      if (!person) throw new NotFound('user');
      if (!person.roles.includes('partner_focal_point')) throw new Unprocessable('not_focal_point_role');
      const before = await this.institutions.focalPointOf(userId, manager);
      if (before?.institutionId === id) return;
      await this.institutions.tie(manager, userId, id);
      await this.record(
        manager,
        actor,
        institution,
        'assistance.focal_point.added',
        { userId },
        before ? { institutionId: before.institutionId } : null,
      );
    });
    return this.get(actor, id);
  }

  async removeFocalPoint(actor: AuthUser, id: string, userId: string): Promise<InstitutionView> {
    this.requireManager(actor);
    await this.dataSource.transaction(async (manager) => {
      const institution = await this.institutions.find(id, manager);
      if (!institution) throw new NotFound('assistance_institution');
      if (!(await this.institutions.untie(manager, userId, id))) throw new NotFound('user');
      await this.record(manager, actor, institution, 'assistance.focal_point.removed', null, { userId });
    });
    return this.get(actor, id);
  }

  /**
   * The institution the actor files a new request for, in the caller's transaction: their focal point tie, or their
   * academy's (made now, and audited, if this is the academy's first request). Anyone else: 403 not_a_focal_point.
   */
  async forNewRequest(manager: EntityManager, actor: AuthUser): Promise<AssistanceInstitution> {
    if (hasRole(actor, 'partner_focal_point')) {
      const tie = await this.institutions.focalPointOf(actor.id, manager);
      if (tie) return (await this.institutions.find(tie.institutionId, manager))!;
    }
    if (!hasRole(actor, 'academy_admin') || !actor.academyId) throw new Forbidden('not_a_focal_point');
    const academy = await this.academies.get(actor.academyId, manager);
    const { institution, created } = await this.institutions.ensureAcademy(manager, academy.id, academy.name, academy.country);
    if (created)
      await this.record(manager, actor, institution, 'assistance.institution.created', {
        kind: 'academy',
        academyId: academy.id,
        country: academy.country,
      });
    return institution;
  }

  /**
   * Every academy's institution, made now (and audited) for academies that never asked for assistance, so that another
   * context may name any academy as a party (a cooperation initiative invites academies). No access check: the caller
   * decided the actor may see the list of academies, which every signed-in person may (API.md).
   */
  async academyInstitutions(actor: AuthUser): Promise<AssistanceInstitution[]> {
    const academies = await this.academies.list({ limit: 1000, offset: 0 });
    const byAcademy = new Map((await this.institutions.ofAcademies(academies.items.map((a) => a.id))).map((i) => [i.academyId, i]));
    const missing = academies.items.filter((a) => !byAcademy.has(a.id));
    // Read once; a transaction only for academies that never had one (after the first time, none).
    if (missing.length)
      await this.dataSource.transaction(async (manager) => {
        for (const academy of missing) {
          const { institution, created } = await this.institutions.ensureAcademy(manager, academy.id, academy.name, academy.country);
          if (created)
            await this.record(manager, actor, institution, 'assistance.institution.created', {
              kind: 'academy',
              academyId: academy.id,
              country: academy.country,
            });
          byAcademy.set(academy.id, institution);
        }
      });
    return academies.items.map((a) => byAcademy.get(a.id)!);
  }

  /** Institutions by id, with no access check (the caller decided the reader may see them). */
  async byIds(ids: string[]): Promise<Map<string, AssistanceInstitution>> {
    return new Map((await this.institutions.findMany([...new Set(ids)])).map((i) => [i.id, i]));
  }

  /** The institution's own countries: an academy's, a national agency's, or a regional organisation's members. */
  async countriesOf(institution: AssistanceInstitution): Promise<string[]> {
    if (institution.kind === 'regional_organisation') return institution.countries;
    if (institution.country) return [institution.country];
    return institution.academyId ? [(await this.academies.get(institution.academyId)).country] : [];
  }

  /** The partner countries: those of Probity's academies. */
  async partnerCountries(): Promise<string[]> {
    const countries = new Set<string>();
    for (let offset = 0; ; offset += 500) {
      const page = await this.academies.list({ limit: 500, offset });
      for (const academy of page.items) countries.add(academy.country.trim());
      if (offset + 500 >= page.total) break;
    }
    return [...countries].sort();
  }

  private async views(rows: AssistanceInstitution[]): Promise<InstitutionView[]> {
    const ties = await this.institutions.focalPoints(rows.map((r) => r.id));
    const names = await this.users.displayNames([...new Set(ties.map((t) => t.userId))]);
    return rows.map((institution) => ({
      institution,
      focalPoints: ties
        .filter((t) => t.institutionId === institution.id)
        .map((t) => ({ userId: t.userId, fullName: names.get(t.userId) ?? '' })),
    }));
  }

  private requireManager(actor: AuthUser): void {
    if (!managesFacility(actor)) throw new Forbidden();
  }

  private record(
    manager: EntityManager,
    actor: AuthUser,
    institution: AssistanceInstitution,
    action: string,
    after: Record<string, unknown> | null,
    before: Record<string, unknown> | null = null,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: actor.id,
      academyId: institution.academyId,
      action,
      entityType: 'assistance_institution',
      entityId: institution.id,
      before,
      after,
    });
  }
}
