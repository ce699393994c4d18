import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, NotFound, ProbityError, TooLarge } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_REQUEST } from './assistance-model';
import type { AttachmentUpload } from './dto/requests.dto';
import type { RequestFile } from './entities/request.entity';
import { RequestAccessService } from './request-access.service';
import { type FileInfo, RequestsRepository } from './repositories/requests.repository';
import { ATTACHABLE_STATES, attachmentName, sha256Of, sniffAttachment } from './requests-model';

/**
 * A request's files (issue 14 point 1): PDF or DOCX, known by their content; at most 10 MB each and 10 per request,
 * kept in PostgreSQL. The requester attaches them until the decision and removes them while the request is a draft;
 * both sides read them.
 */
@Injectable()
export class RequestFilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: RequestAccessService,
    private readonly requests: RequestsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, requestId: string): Promise<FileInfo[]> {
    await this.access.access(actor, requestId);
    return this.requests.files(requestId);
  }

  /** A file with its bytes, for download. */
  async read(actor: AuthUser, requestId: string, fileId: string): Promise<RequestFile> {
    await this.access.access(actor, requestId);
    const file = await this.requests.fileWithContent(requestId, fileId);
    if (!file) throw new NotFound('request_file');
    return file;
  }

  /**
   * Attaches a file: who and when first (another institution's request: 404; a manager: 403; decided: 409), then what
   * (over 10 MB: 413 attachment_too_large; neither PDF nor DOCX by content: 415 attachment_type; the 11th: 409).
   * The request is locked while its files are counted, so that two uploads at once cannot make eleven.
   */
  async attach(actor: AuthUser, requestId: string, upload: AttachmentUpload): Promise<FileInfo> {
    return this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, requestId, manager, true);
      this.access.requireRequester(access);
      const { request, institution } = access;
      if (!ATTACHABLE_STATES.includes(request.status)) throw new Conflict('request_moved_on');
      if (upload.content.length > ATTACHMENT_MAX_BYTES) throw new TooLarge('attachment_too_large', { count: ATTACHMENT_MAX_BYTES });
      const mediaType = upload.content.length ? sniffAttachment(upload.content) : undefined;
      if (!mediaType) throw new ProbityError(415, 'attachment_type');
      if ((await this.requests.countFiles(manager, requestId)) >= ATTACHMENTS_PER_REQUEST)
        throw new Conflict('too_many_attachments', { count: ATTACHMENTS_PER_REQUEST });
      const file = await this.requests.insertFile(manager, {
        requestId,
        fileName: attachmentName(upload.fileName, mediaType),
        mediaType,
        size: upload.content.length,
        sha256: sha256Of(upload.content),
        content: upload.content,
        uploadedBy: actor.id,
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: institution.academyId,
        action: 'assistance.request.file_attached',
        entityType: 'assistance_request',
        entityId: requestId,
        after: { reference: request.reference, fileId: file.id, fileName: file.fileName, mediaType, size: file.size, sha256: file.sha256 },
      });
      return file;
    });
  }

  /** Removes a file of a draft (the requester only). */
  async remove(actor: AuthUser, requestId: string, fileId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, requestId, manager, true);
      this.access.requireRequester(access);
      const { request, institution } = access;
      if (request.status !== 'draft') throw new Conflict('request_not_draft');
      const file = await this.requests.deleteFile(manager, requestId, fileId);
      if (!file) throw new NotFound('request_file');
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: institution.academyId,
        action: 'assistance.request.file_removed',
        entityType: 'assistance_request',
        entityId: requestId,
        before: { reference: request.reference, fileId: file.id, fileName: file.fileName, size: file.size, sha256: file.sha256 },
      });
    });
  }
}
