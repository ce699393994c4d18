import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { zipEntries } from '@probity/assistance';
import { AuditService } from '@probity/audit';
import { Conflict, Forbidden, NotFound, ProbityError, TooLarge } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { MATERIAL_MAX_BYTES, MATERIALS_PER_INITIATIVE } from './cooperation-model';
import type { MaterialUpload } from './dto/initiatives.dto';
import type { Material } from './entities/record.entity';
import { type InitiativeAccess, InitiativeAccessService } from './initiative-access.service';
import { InitiativesRepository, type MaterialInfo } from './repositories/initiatives.repository';

/** The types an initiative's materials may have, by content, and the extension each gets. */
export const MATERIAL_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;
export type MaterialMediaType = keyof typeof MATERIAL_TYPES;

/**
 * An initiative's materials (issue 15 point 2): PDF, DOCX, PPTX or XLSX known by their content, at most 10 MB each and
 * 20 per initiative, kept in PostgreSQL. Owners upload and remove them; everyone who may read the initiative's record
 * (owners, accepted members' administrators and focal points, participants) reads them. An invitation shows none.
 */
@Injectable()
export class MaterialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InitiativeAccessService,
    private readonly initiatives: InitiativesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, initiativeId: string): Promise<MaterialInfo[]> {
    this.requireReader(await this.access.access(actor, initiativeId));
    return this.initiatives.materials(initiativeId);
  }

  /** A material with its bytes, for download. */
  async read(actor: AuthUser, initiativeId: string, materialId: string): Promise<Material> {
    this.requireReader(await this.access.access(actor, initiativeId));
    const material = await this.initiatives.materialWithContent(initiativeId, materialId);
    if (!material) throw new NotFound('initiative_material');
    return material;
  }

  /**
   * Uploads a material (owners; a cancelled initiative: 409): over 10 MB 413 attachment_too_large; not one of the four
   * types by content 415 attachment_type; the 21st 409 too_many_attachments. The initiative is locked while counting.
   */
  async upload(actor: AuthUser, initiativeId: string, upload: MaterialUpload): Promise<MaterialInfo> {
    return this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, initiativeId, manager, true);
      this.access.requireOwner(access);
      const { initiative } = access;
      if (initiative.status === 'cancelled') throw new Conflict('initiative_moved_on');
      if (upload.content.length > MATERIAL_MAX_BYTES) throw new TooLarge('attachment_too_large', { count: MATERIAL_MAX_BYTES });
      const mediaType = upload.content.length ? sniffMaterial(upload.content) : undefined;
      if (!mediaType) throw new ProbityError(415, 'attachment_type');
      if ((await this.initiatives.countMaterials(manager, initiativeId)) >= MATERIALS_PER_INITIATIVE)
        throw new Conflict('too_many_attachments', { count: MATERIALS_PER_INITIATIVE });
      const material = await this.initiatives.insertMaterial(manager, {
        initiativeId,
        fileName: materialName(upload.fileName, mediaType),
        mediaType,
        size: upload.content.length,
        sha256: createHash('sha256').update(upload.content).digest('hex'),
        content: upload.content,
        uploadedBy: actor.id,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: initiative.leadAcademyId,
        action: 'cooperation.material.uploaded',
        entityType: 'cooperation_initiative',
        entityId: initiativeId,
        after: {
          reference: initiative.reference,
          materialId: material.id,
          fileName: material.fileName,
          mediaType,
          size: material.size,
          sha256: material.sha256,
        },
      });
      return material;
    });
  }

  async remove(actor: AuthUser, initiativeId: string, materialId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, initiativeId, manager, true);
      this.access.requireOwner(access);
      const material = await this.initiatives.deleteMaterial(manager, initiativeId, materialId);
      if (!material) throw new NotFound('initiative_material');
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: access.initiative.leadAcademyId,
        action: 'cooperation.material.removed',
        entityType: 'cooperation_initiative',
        entityId: initiativeId,
        before: {
          reference: access.initiative.reference,
          materialId: material.id,
          fileName: material.fileName,
          size: material.size,
          sha256: material.sha256,
        },
      });
    });
  }

  private requireReader(access: InitiativeAccess): void {
    if (!this.access.mayReadRecord(access)) throw new Forbidden();
  }
}

/**
 * The type of a file by its content, never its name: `%PDF-` at the start; a ZIP archive whose central directory lists
 * `word/document.xml` (DOCX), `ppt/presentation.xml` (PPTX) or `xl/workbook.xml` (XLSX); anything else undefined.
 */
export function sniffMaterial(content: Buffer): MaterialMediaType | undefined {
  if (content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.length < 4 || content.readUInt32LE(0) !== 0x04034b50) return undefined;
  const entries = zipEntries(content);
  if (entries.has('word/document.xml')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (entries.has('ppt/presentation.xml')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  if (entries.has('xl/workbook.xml')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return undefined;
}

/** A safe file name ending in its real type's extension (`slides` sent as a PPTX becomes `slides.pptx`). */
export function materialName(given: string | undefined, type: MaterialMediaType): string {
  const extension = `.${MATERIAL_TYPES[type]}`;
  const base = (given ?? '')
    .split(/[/\\]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '')
    .trim();
  const stem = base.toLowerCase().endsWith(extension) ? base.slice(0, -extension.length) : base;
  return `${(stem || 'material').slice(0, 200 - extension.length)}${extension}`;
}
