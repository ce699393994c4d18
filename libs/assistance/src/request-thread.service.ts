import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { ValidationFailed } from '@probity/i18n';
import { type AuthUser, UsersService } from '@probity/identity';
import type { RequestComment } from './entities/request.entity';
import { RequestAccessService } from './request-access.service';
import { RequestNoticesService } from './request-notices.service';
import { RequestsRepository } from './repositories/requests.repository';
import { REQUEST_LIMITS } from './requests-model';

/** A message of the thread with its author's name and side. */
export interface CommentView {
  comment: RequestComment;
  authorName: string;
  /** Written by a facility manager (not by the requesting institution). */
  fromFacility: boolean;
}

/**
 * A request's thread (issue 14 point 2): questions and answers between the requesting institution's focal points and
 * the facility managers, each message notified to the other side in each reader's language.
 */
@Injectable()
export class RequestThreadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: RequestAccessService,
    private readonly requests: RequestsRepository,
    private readonly notices: RequestNoticesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: AuthUser, requestId: string): Promise<CommentView[]> {
    const { request, institution } = await this.access.access(actor, requestId);
    const comments = await this.requests.comments(requestId);
    const authors = [...new Set(comments.map((c) => c.authorId).filter((id): id is string => id !== null))];
    const names = await this.users.displayNames(authors);
    // A message is the facility's when its author is not among the institution's people (read once per thread).
    const requesterSide = new Set(await this.notices.requesterSide(this.dataSource.manager, request, institution));
    return comments.map((comment) => ({
      comment,
      authorName: comment.authorId ? (names.get(comment.authorId) ?? '') : '',
      fromFacility: comment.authorId !== null && !requesterSide.has(comment.authorId),
    }));
  }

  async post(actor: AuthUser, requestId: string, body: string): Promise<CommentView> {
    const text = body.replace(/\r\n/g, '\n').trim();
    if (!text) throw new ValidationFailed([{ field: 'body', constraint: 'isNotEmpty' }]);
    if (text.length > REQUEST_LIMITS.comment)
      throw new ValidationFailed([{ field: 'body', constraint: 'maxLength', params: { count: REQUEST_LIMITS.comment } }]);
    return this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, requestId, manager);
      const { request, institution, requester } = access;
      const comment = await this.requests.insertComment(manager, { requestId, authorId: actor.id, body: text });
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: institution.academyId,
        action: 'assistance.request.commented',
        entityType: 'assistance_request',
        entityId: requestId,
        after: { reference: request.reference, commentId: comment.id, length: text.length },
      });
      await this.notices.commented(manager, actor, request, institution, comment, requester);
      return { comment, authorName: actor.fullName, fromFacility: !requester };
    });
  }
}
