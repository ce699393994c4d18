import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProbityError } from '@probity/i18n';
import { clientAddressKey } from './client-address';
import { type LoginLimits, LoginThrottlesRepository } from './repositories/login-throttles.repository';

/**
 * Login limits (OWASP ASVS 2.2.1). Attempts are counted per account *and* client address, so guesses
 * from one place lock that place out of that account only: the person (and the platform administrator)
 * still signs in from anywhere else. After `perAccount` attempts in `windowMinutes` the pair waits
 * `firstLockMinutes`, and every further failure doubles the wait up to `maxLockMinutes`; a lock is
 * remembered `memoryHours` after it ends. An address may also make at most `perAddress` attempts in
 * `windowMinutes` over all accounts (password spraying), then waits the window.
 */
export const LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  windowMinutes: 15,
  firstLockMinutes: 1,
  maxLockMinutes: 60,
  memoryHours: 24,
  perAddress: 30,
};

export class TooManyLoginAttempts extends ProbityError {
  constructor(minutes: number) {
    super(429, 'too_many_attempts', { count: minutes });
  }
}

@Injectable()
export class LoginThrottle {
  constructor(private readonly throttles: LoginThrottlesRepository) {}

  /** Counts an attempt at `email` from `ip` before its password is checked; 429 when it may not be made now. */
  async reserve(email: string, ip: string): Promise<void> {
    const L = LOGIN_LIMITS;
    const { allowed, waitMinutes } = await this.throttles.reserve(email, clientAddressKey(ip), L);
    if (Math.random() < 0.01) void this.forgetOld().catch(() => undefined);
    if (!allowed) throw new TooManyLoginAttempts(Math.max(1, waitMinutes ?? L.firstLockMinutes));
  }

  /** The password was right: the account is free again from this address, and the address gets its attempt back. */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.throttles.succeeded(email, clientAddressKey(ip));
  }

  /** An administrator set a new password: the account's locks go, from every address. */
  async clear(manager: EntityManager, email: string): Promise<void> {
    await this.throttles.clear(manager, email);
  }

  private forgetOld(): Promise<unknown> {
    return this.throttles.forgetOlderThan(LOGIN_LIMITS.memoryHours + 1);
  }
}
