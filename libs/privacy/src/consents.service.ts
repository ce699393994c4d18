import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@probity/audit';
import { type DirectoryConsent, type DirectoryEntry, DirectoryService } from '@probity/cooperation';
import { FollowUpsService, type SupervisorContact } from '@probity/evaluation';
import { NotFound } from '@probity/i18n';
import type { AuthUser } from '@probity/identity';
import { CONSENT_PURPOSES, type ConsentPurpose, type PrivacyConsent } from './entities/privacy-consent.entity';
import { NoticesRepository } from './repositories/notices.repository';

/** What a person agreed to, per purpose: whether it is in force, and what it covers at its owner. */
export interface ConsentsOverview {
  directory: { active: boolean; entry: DirectoryEntry | null; history: DirectoryConsent[] };
  supervisors: { active: boolean; contacts: SupervisorContact[] };
  /** The privacy context's record: one row per grant, the newest first. */
  history: PrivacyConsent[];
}

/**
 * Consents to optional processing (issue 16 point 5). Each purpose is run by the context that owns it, and its owner's
 * data is what decides whether the processing happens: the directory of counterparts (`libs/cooperation`, an entry
 * exists only while its owner opted in; the owner keeps its own record of opt-ins and opt-outs) and follow-ups with a
 * supervisor (`libs/evaluation`: naming a supervisor is the consent; the contact exists only while it holds). Those
 * contexts sit below privacy in the floor plan, so they cannot tell it; privacy reads them instead, keeps its one
 * record across purposes (`privacy_consents`) in step whenever the person looks at or changes their consents, and
 * withdraws through the owners' services, which stop the processing at once.
 */
@Injectable()
export class PrivacyConsentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notices: NoticesRepository,
    private readonly directory: DirectoryService,
    private readonly followUps: FollowUpsService,
    private readonly audit: AuditService,
  ) {}

  /** The person's consents as their owners hold them, with privacy's record brought in step. */
  async overview(actor: AuthUser): Promise<ConsentsOverview> {
    const [me, contacts] = await Promise.all([this.directory.me(actor), this.followUps.supervisorContacts(actor)]);
    const granted: Record<ConsentPurpose, Date | null> = {
      cooperation_directory: me.entry ? new Date(me.entry.optedInAt) : null,
      supervisor_follow_up: contacts.length ? new Date(Math.min(...contacts.map((c) => new Date(c.createdAt).getTime()))) : null,
    };
    await this.dataSource.transaction(async (manager) => {
      for (const purpose of CONSENT_PURPOSES) {
        const current = await this.notices.current(manager, actor.id, purpose);
        const since = granted[purpose];
        if (since && !current) await this.notices.grant(manager, actor.id, purpose, since);
        if (!since && current) await this.notices.withdraw(manager, current.id, new Date());
      }
    });
    return {
      directory: { active: me.entry !== null, entry: me.entry, history: me.consents },
      supervisors: { active: contacts.length > 0, contacts },
      history: await this.notices.consents(actor.id),
    };
  }

  /**
   * Withdraws a consent at once: the directory entry is deleted (the directory records the opt-out), or every supervisor
   * the person named is deleted with their pending mails. 404 when the consent is not in force. Audited.
   */
  async withdraw(actor: AuthUser, purpose: ConsentPurpose): Promise<ConsentsOverview> {
    if (purpose === 'cooperation_directory') {
      if (!(await this.directory.me(actor)).entry) throw new NotFound('consent');
      await this.directory.optOut(actor);
    } else if ((await this.followUps.withdrawSupervisors(actor)) === 0) throw new NotFound('consent');
    await this.dataSource.transaction(async (manager) => {
      const current = await this.notices.current(manager, actor.id, purpose);
      if (current) await this.notices.withdraw(manager, current.id, new Date());
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: actor.academyId,
        action: 'privacy_consent.withdrawn',
        entityType: 'privacy_consent',
        entityId: current?.id ?? actor.id,
        before: null,
        after: { purpose },
      });
    });
    return this.overview(actor);
  }
}
