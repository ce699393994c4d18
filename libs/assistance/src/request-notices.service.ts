import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '@probity/cohorts';
import { type AuthUser, UsersService } from '@probity/identity';
import type { RequestState } from './assistance-model';
import type { AssistanceInstitution } from './entities/institution.entity';
import type { AssistanceRequest, RequestComment } from './entities/request.entity';
import { InstitutionsRepository } from './repositories/institutions.repository';
import { RequestsRepository } from './repositories/requests.repository';

/**
 * Tells the other side of a request what happened (a move, a message in the thread), through the outbox
 * (`NotificationsService.queueMessage`) in the same transaction, each person in their own language when they read it.
 * The requester's side: the institution's focal points, its academy's administrators (an academy's institution) and the
 * person who wrote the request. The facility's side: the managers who have worked on the request (written in its
 * thread, judged a rule, decided it); of a submission, which nobody has worked on yet, every active facility manager.
 */
@Injectable()
export class RequestNoticesService {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly institutions: InstitutionsRepository,
    private readonly requests: RequestsRepository,
  ) {}

  /** A move: the requester's side hears of the manager's moves, the managers of the requester's. */
  async moved(
    manager: EntityManager,
    actor: AuthUser,
    request: AssistanceRequest,
    institution: AssistanceInstitution,
    to: RequestState,
    by: 'requester' | 'manager',
  ): Promise<void> {
    const recipients =
      by === 'manager'
        ? await this.requesterSide(manager, request, institution)
        : to === 'submitted'
          ? await this.facility(manager)
          : await this.managerSide(manager, request);
    await this.queue(manager, actor, recipients, request, 'assistance_state', `${request.id}:${to}`, `assistance:notify.${to}`);
  }

  /** A message in the thread, to the other side of its author. */
  async commented(
    manager: EntityManager,
    actor: AuthUser,
    request: AssistanceRequest,
    institution: AssistanceInstitution,
    comment: RequestComment,
    byRequester: boolean,
  ): Promise<void> {
    const recipients = byRequester ? await this.managerSide(manager, request) : await this.requesterSide(manager, request, institution);
    await this.queue(manager, actor, recipients, request, 'assistance_comment', comment.id, 'assistance:notify.comment');
  }

  /** The people who speak for the requesting institution, active. */
  async requesterSide(manager: EntityManager, request: AssistanceRequest, institution: AssistanceInstitution): Promise<string[]> {
    const ids = new Set((await this.institutions.focalPoints([institution.id], manager)).map((f) => f.userId));
    if (institution.academyId) for (const id of await this.users.activeAdminIds([institution.academyId], manager)) ids.add(id);
    if (request.createdBy) ids.add(request.createdBy);
    const facts = await this.users.facts([...ids], manager);
    return facts.filter((f) => f.active).map((f) => f.id);
  }

  /** The facility managers who have worked on the request, active and still managers. */
  async managerSide(manager: EntityManager, request: AssistanceRequest): Promise<string[]> {
    const ids = new Set(await this.requests.commentAuthors(manager, request.id));
    for (const judgement of Object.values(request.screening)) if (judgement?.by) ids.add(judgement.by);
    if (request.decidedBy) ids.add(request.decidedBy);
    const facts = await this.users.facts([...ids], manager);
    return facts
      .filter((f) => f.active && f.roles.some((role) => role === 'facility_manager' || role === 'platform_admin'))
      .map((f) => f.id);
  }

  /**
   * Who hears of a new submission, which nobody at the facility has worked on yet: every active facility manager; on
   * a platform without one, its active administrators, so that a request never waits unseen.
   */
  async facility(manager: EntityManager): Promise<string[]> {
    const managers = await this.users.activeWithRole('facility_manager', manager);
    const people = managers.length ? managers : await this.users.activeWithRole('platform_admin', manager);
    return people.map((p) => p.id);
  }

  private async queue(
    manager: EntityManager,
    actor: AuthUser,
    recipients: string[],
    request: AssistanceRequest,
    kind: string,
    dedupeKey: string,
    messageKey: string,
  ): Promise<void> {
    for (const userId of recipients) {
      if (userId === actor.id) continue;
      await this.notifications.queueMessage(manager, userId, kind, dedupeKey, {
        messageKey,
        params: { reference: request.reference, title: request.title, author: actor.fullName },
        link: `/assistance/requests/${request.id}`,
      });
    }
  }
}
