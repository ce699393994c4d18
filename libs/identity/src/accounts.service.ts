import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@probity/i18n';
import { type AuthUser, administers, hasRole } from './auth-user';
import { AuthService } from './auth.service';
import type { ChangePasswordDto } from './dto/change-password.dto';
import type { Role, User } from './entities/user.entity';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';
import { UsersRepository } from './repositories/users.repository';
import { canSeePerson, facilityManages } from './role-grants';
import { userView, type UserView } from './users.service';

/**
 * Whether `actor` may deactivate, reactivate or reset the password of `target`: administrators of the
 * target's academy (platform administrators: of every academy), never their own account, and only a
 * platform administrator for another platform administrator; facility managers for the people who hold only
 * experts' and focal points' roles. Pages show their buttons by this rule.
 */
export function mayManageAccount(actor: AuthUser, target: { id: string; roles: Role[]; academyId: string | null }): boolean {
  return (
    actor.id !== target.id &&
    (((hasRole(actor, 'platform_admin') || !target.roles.includes('platform_admin')) && administers(actor, target.academyId)) ||
      facilityManages(actor, target))
  );
}

/** Account lifecycle: deactivation and reactivation, password changes and resets. Each is audited. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** The person can no longer sign in; their sessions and tokens end at once. */
  deactivate(actor: AuthUser, id: string): Promise<UserView> {
    return this.setActive(actor, id, false);
  }

  /** The person can sign in again (tokens and sessions ended by the deactivation stay ended). */
  reactivate(actor: AuthUser, id: string): Promise<UserView> {
    return this.setActive(actor, id, true);
  }

  private setActive(actor: AuthUser, id: string, active: boolean): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.manageable(manager, actor, id, 'cannot_deactivate_self');
      if (user.active === active) return userView(user);
      await this.users.setActive(manager, id, active);
      const sessionsEnded = active ? 0 : await this.auth.endEverything(manager, id);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: user.academyId,
        action: active ? 'user.reactivated' : 'user.deactivated',
        entityType: 'user',
        entityId: id,
        before: { active: user.active },
        after: active ? { active } : { active, sessionsEnded },
      });
      return userView({ ...user, active });
    });
  }

  /** An administrator sets a new password for someone: all of that person's sessions and tokens end. */
  async resetPassword(actor: AuthUser, id: string, newPassword: string): Promise<UserView> {
    const hash = await hashPassword(newPassword);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.manageable(manager, actor, id, 'cannot_reset_own_password');
      await this.users.setPasswordHash(manager, id, hash);
      const sessionsEnded = await this.auth.endEverything(manager, id);
      await this.throttle.clear(manager, user.email);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: user.academyId,
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        after: { sessionsEnded },
      });
      return userView(user);
    });
  }

  /**
   * A person changes their own password, proving it with the current one (counted by the login limits,
   * so a stolen session cannot guess it). Their other sessions and every token end; the page session
   * `keepCookie` stays. Answers a new token for the API client that asked.
   */
  async changePassword(actor: AuthUser, dto: ChangePasswordDto, ip: string, keepCookie?: string): Promise<{ accessToken: string }> {
    await this.throttle.reserve(actor.email, ip);
    const current = await this.users.withPasswordHash({ id: actor.id });
    if (!current?.active || !(await verifyPassword(current.passwordHash, dto.currentPassword)))
      throw new ValidationFailed([{ field: 'currentPassword', constraint: 'wrongPassword' }]);
    await this.throttle.succeeded(actor.email, ip);
    const hash = await hashPassword(dto.newPassword);
    const tokenVersion = await this.dataSource.transaction(async (manager) => {
      await this.users.setPasswordHash(manager, actor.id, hash);
      const otherSessionsEnded = await this.auth.endEverything(manager, actor.id, keepCookie);
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: actor.academyId,
        action: 'user.password_changed',
        entityType: 'user',
        entityId: actor.id,
        after: { otherSessionsEnded },
      });
      return this.users.tokenVersion(manager, actor.id);
    });
    return { accessToken: await this.auth.issueToken({ id: actor.id, tokenVersion }) };
  }

  /**
   * Erasure's part in identity (issue 16 point 3, ADR 0014), inside the caller's transaction: with an `actor`, the same
   * rule as deactivation (administrators of the person's academy, never themselves; 409 when already erased); without
   * (the retention run), any person not yet erased. The row is pseudonymised ("Erased person <first 8 of the id>",
   * `erased+<id>@invalid`), sessions and tokens end, login limits kept under the old e-mail go. Answers what the row
   * held before (for the caller's audit entry and for the scan of what else names the person), or null when the person
   * was already erased and there is no actor to tell.
   */
  async pseudonymiseWithin(
    manager: EntityManager,
    actor: AuthUser | null,
    id: string,
  ): Promise<{
    fullName: string;
    email: string;
    academyId: string | null;
    roles: Role[];
    pseudonym: { name: string; email: string };
  } | null> {
    const user = actor ? await this.manageable(manager, actor, id, 'cannot_erase_self') : await this.users.findForUpdate(manager, id);
    if (!user) throw new NotFound('user');
    if (user.erasedAt) {
      if (actor) throw new Conflict('already_erased');
      return null;
    }
    const pseudonym = { name: `Erased person ${id.slice(0, 8)}`, email: `erased+${id}@invalid` };
    await this.users.pseudonymise(manager, id, pseudonym.name, pseudonym.email);
    await this.auth.endEverything(manager, id);
    await this.throttle.clear(manager, user.email);
    return { fullName: user.fullName, email: user.email, academyId: user.academyId, roles: user.roles, pseudonym };
  }

  /**
   * Retention (issue 16 point 4): the people of the academy whose last sign-in (or, never signed in, their account's
   * creation) is older than `seenBefore`, not erased, not platform administrators, never the academy's last active
   * administrator; the longest unseen first.
   */
  inactive(academyId: string, seenBefore: Date): Promise<string[]> {
    return this.users.inactive(academyId, seenBefore);
  }

  /** In the caller's transaction: locks the person and answers whether they are still inactive by the same rule. */
  lockIfInactive(manager: EntityManager, userId: string, academyId: string, seenBefore: Date): Promise<boolean> {
    return this.users.lockIfInactive(manager, userId, academyId, seenBefore);
  }

  /** The target user, locked for the change, once `actor` may manage them (404 when they may not even see them). */
  private async manageable(
    manager: EntityManager,
    actor: AuthUser,
    id: string,
    selfCode: 'cannot_deactivate_self' | 'cannot_reset_own_password' | 'cannot_erase_self',
  ): Promise<User> {
    const user = await this.users.findForUpdate(manager, id);
    if (!user || !canSeePerson(actor, user)) throw new NotFound('user');
    if (user.id === actor.id) throw new Conflict(selfCode);
    if (user.roles.includes('platform_admin') && !hasRole(actor, 'platform_admin')) throw new Forbidden('platform_admin_protected');
    if (!mayManageAccount(actor, user)) throw new Forbidden();
    return user;
  }
}
