import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type FieldViolation, Forbidden, type LocaleMap, ValidationFailed } from '@probity/i18n';
import { type AuthUser, administers } from '@probity/identity';
import type { AcademyBranding } from './entities/academy-branding.entity';
import { UnusableEmblemError, assertUsableEmblem } from './pdf';
import { BrandingRepository } from './repositories/branding.repository';

export const EMBLEM_MAX_BYTES = 512 * 1024;

/** PNG or JPEG, by their first bytes (the declared type is not trusted). */
export function emblemType(data: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/**
 * The renderer's own check (a PNG it can decode, or a JPEG in RGB or grey at 8 bits, no CMYK), which reads the
 * header first and refuses images above 2048 × 2048 or of 16 bits before decoding them: what is wrong, for the form.
 */
function emblemProblem(data: Buffer): FieldViolation | undefined {
  try {
    assertUsableEmblem(data);
    return undefined;
  } catch (error) {
    if (error instanceof UnusableEmblemError && error.code === 'emblem.dimensions')
      return { field: 'emblem', constraint: 'emblemDimensions', params: { max: error.params.max } };
    if (error instanceof UnusableEmblemError && error.code === 'emblem.depth') return { field: 'emblem', constraint: 'emblemDepth' };
    return { field: 'emblem', constraint: 'emblemImage' };
  }
}

/** How an academy's certificates look: emblem, signatories, bilingual (national language + English) by default. */
@Injectable()
export class BrandingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: BrandingRepository,
  ) {}

  async get(academyId: string): Promise<AcademyBranding> {
    return (
      (await this.repository.find(academyId)) ??
      this.repository.draft({ academyId, emblem: null, emblemType: null, signatories: [], bilingual: false, printResult: false })
    );
  }

  private admin(actor: AuthUser, academyId: string): void {
    if (!administers(actor, academyId)) throw new Forbidden();
  }

  async save(
    actor: AuthUser,
    academyId: string,
    changes: { signatories?: { name: LocaleMap; title: LocaleMap }[]; bilingual?: boolean; printResult?: boolean; emblem?: Buffer | null },
  ): Promise<AcademyBranding> {
    this.admin(actor, academyId);
    let type: string | null | undefined;
    if (changes.emblem) {
      // Size first, then the declared dimensions, and only then a full decode (a small PNG can declare a huge image).
      if (changes.emblem.length > EMBLEM_MAX_BYTES)
        throw new ValidationFailed([{ field: 'emblem', constraint: 'emblemSize', params: { count: 512 } }]);
      type = emblemType(changes.emblem);
      const problem = type ? emblemProblem(changes.emblem) : { field: 'emblem', constraint: 'emblemImage' };
      if (problem) throw new ValidationFailed([problem]);
    }
    return this.dataSource.transaction(async (manager) => {
      const branding = (await this.repository.lock(manager, academyId)) ?? (await this.get(academyId));
      const before = {
        signatories: branding.signatories,
        bilingual: branding.bilingual,
        printResult: branding.printResult,
        emblem: Boolean(branding.emblem),
      };
      if (changes.signatories) branding.signatories = changes.signatories.slice(0, 3);
      if (changes.bilingual !== undefined) branding.bilingual = changes.bilingual;
      if (changes.printResult !== undefined) branding.printResult = changes.printResult;
      if (changes.emblem !== undefined) {
        branding.emblem = changes.emblem;
        branding.emblemType = changes.emblem ? (type ?? null) : null;
      }
      branding.updatedAt = new Date();
      await this.repository.save(manager, branding);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId,
        action: 'academy.branding_changed',
        entityType: 'academy',
        entityId: academyId,
        before,
        after: {
          signatories: branding.signatories,
          bilingual: branding.bilingual,
          printResult: branding.printResult,
          emblem: Boolean(branding.emblem),
        },
      });
      return branding;
    });
  }
}
