import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@probity/audit';
import { CODE_ALPHABET, SigningKeysService, VerificationService, recordSha256, signRecord, verifyRecord } from '@probity/certificates';
import { Conflict, type LocaleMap, NotFound, ProbityError, Unprocessable } from '@probity/i18n';
import { AcademiesService, type AuthUser } from '@probity/identity';
import type { AssistanceFormat, Topic } from './assistance-model';
import type { ParticipationCertificate } from './entities/mission-record.entity';
import { MissionAccessService } from './mission-access.service';
import { daysBetween } from './missions.service';
import { ParticipationRepository } from './repositories/participation.repository';

/** What a certificate of participation says, frozen when issued and signed as canonical JSON (RFC 8785). */
export interface ParticipationRecord {
  type: 'participation';
  code: string;
  holder: { fullName: string };
  mission: {
    reference: string;
    title: string;
    format: AssistanceFormat;
    topic: Topic;
    startsOn: string;
    endsOn: string;
    /** Where it took place; null when it was held online. */
    venue: string | null;
    online: boolean;
  };
  issuer: { code: string; name: LocaleMap };
  daysPresent: number;
  daysTotal: number;
  issuedAt: string;
}

/** A certificate of participation as its mission's page lists it. */
export interface ParticipationCertificateView {
  id: string;
  participantId: string;
  code: string;
  record: ParticipationRecord;
  kid: string;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

/** The public check of a code: the record, whether its signature holds against the issuing academy's key, revoked. */
export interface ParticipationVerification {
  code: string;
  valid: boolean;
  revoked: boolean;
  revokedAt: Date | null;
  revokedReason: string | null;
  kid: string;
  record: ParticipationRecord;
  /** The holder's details were erased at their request (ADR 0014): `valid` says the record as issued held at redaction. */
  holderErased: boolean;
}

/** `TAP-XXXX-XXXX`: 8 random characters of Crockford's base32 (no I, L, O, U), 40 bits. */
export function newParticipationCode(): string {
  const chars = Array.from(randomBytes(8), (byte) => CODE_ALPHABET[byte & 31]).join('');
  return `TAP-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** A code as typed (any case, spaces or no hyphens, O for 0, I or L for 1) in its stored form; null if it is none. */
export function normalizeParticipationCode(input: string): string | null {
  const symbols = Array.from(input.toUpperCase().replace(/[\s\-\u2010-\u2015\u2212]/g, ''));
  if (symbols.slice(0, 3).join('') !== 'TAP') return null;
  const rest = symbols.slice(3).map((c) => ({ O: '0', I: '1', L: '1' })[c] ?? c);
  if (rest.length !== 8 || rest.some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `TAP-${rest.slice(0, 4).join('')}-${rest.slice(4).join('')}`;
}

class TooManyVerifications extends ProbityError {
  constructor() {
    super(429, 'too_many_verifications');
  }
}

/**
 * Certificates of participation of stand-alone missions (issue 14 point 4): once a mission is delivered, a facility
 * manager issues one to every participant present at least one day who has none yet (a retry issues nothing twice),
 * each a frozen record signed with the issuing academy's current Ed25519 key (certificates' `SigningKeysService`).
 * Anyone may check a code without an account, within the public verification's limit per address.
 */
@Injectable()
export class ParticipationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly participation: ParticipationRepository,
    private readonly access: MissionAccessService,
    private readonly academies: AcademiesService,
    private readonly keys: SigningKeysService,
    private readonly verification: VerificationService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Issues the certificates due (managers): the mission delivered (409 mission_moved_on), not run as a cohort (409
   * mission_runs_as_cohort), with an issuing academy (422 issuing_academy_required). The mission is locked, so two
   * issuers one after the other issue each certificate once. Answers those issued now.
   */
  async issue(actor: AuthUser, missionId: string): Promise<ParticipationCertificateView[]> {
    const issued = await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, missionId, manager, true);
      this.access.requireManager(access);
      const { mission, request, institution } = access;
      if (mission.status !== 'delivered') throw new Conflict('mission_moved_on');
      if (mission.cohortId) throw new Conflict('mission_runs_as_cohort');
      if (!mission.issuingAcademyId) throw new Unprocessable('issuing_academy_required');
      const due = await this.participation.certifiable(manager, missionId);
      if (!due.length) return [];
      const academy = await this.academies.get(mission.issuingAcademyId, manager);
      const key = await this.keys.current(manager, academy.id, academy.code);
      const privateKey = this.keys.privateKey(key);
      const issuedAt = new Date();
      const made: ParticipationCertificateView[] = [];
      for (const { participant, daysPresent } of due) {
        const code = newParticipationCode();
        const record: ParticipationRecord = {
          type: 'participation',
          code,
          holder: { fullName: participant.fullName },
          mission: {
            reference: request.reference,
            title: request.title,
            format: request.format,
            topic: request.topic,
            startsOn: mission.startsOn,
            endsOn: mission.endsOn,
            venue: mission.online ? null : mission.venue,
            online: mission.online,
          },
          issuer: { code: academy.code, name: academy.name },
          daysPresent,
          daysTotal: daysBetween(mission.startsOn, mission.endsOn),
          issuedAt: issuedAt.toISOString(),
        };
        const signature = signRecord(privateKey, record);
        const stored = await this.participation.insertCertificate(manager, {
          participantId: participant.id,
          missionId,
          academyId: academy.id,
          code,
          record: record as unknown as Record<string, unknown>,
          signature,
          kid: key.kid,
          issuedBy: actor.id,
          issuedAt,
        });
        if (stored)
          made.push({ id: '', participantId: participant.id, code, record, kid: key.kid, issuedAt, revokedAt: null, revokedReason: null });
      }
      if (made.length)
        await this.audit.record(manager, {
          actorId: actor.id,
          academyId: institution.academyId,
          action: 'assistance.mission.participation_issued',
          entityType: 'assistance_mission',
          entityId: missionId,
          before: null,
          after: { reference: request.reference, academy: academy.code, kid: key.kid, codes: made.map((c) => c.code) },
        });
      return made.map((c) => c.code);
    });
    const all = await this.list(actor, missionId);
    return all.filter((c) => issued.includes(c.code));
  }

  /**
   * Revokes a certificate of participation (managers), with a reason: the public check then says so. Unknown code on
   * this mission 404; revoked already 409 certificate_revoked.
   */
  async revoke(actor: AuthUser, missionId: string, input: string, reason: string): Promise<ParticipationCertificateView> {
    const code = normalizeParticipationCode(input) ?? '';
    await this.dataSource.transaction(async (manager) => {
      const access = await this.access.access(actor, missionId, manager);
      this.access.requireManager(access);
      const certificate = await this.participation.certificateOfMission(manager, missionId, code);
      if (!certificate) throw new NotFound('participation_certificate');
      if (!(await this.participation.revoke(manager, missionId, code, reason))) throw new Conflict('certificate_revoked');
      await this.audit.record(manager, {
        actorId: actor.id,
        academyId: access.institution.academyId,
        action: 'assistance.mission.participation_revoked',
        entityType: 'assistance_mission',
        entityId: missionId,
        before: null,
        after: { reference: access.request.reference, code, reason },
        subjects: [certificate.participantId],
      });
    });
    return (await this.list(actor, missionId)).find((c) => c.code === code)!;
  }

  /** The mission's certificates of participation (whoever may see the mission). */
  async list(actor: AuthUser, missionId: string): Promise<ParticipationCertificateView[]> {
    await this.access.access(actor, missionId);
    return (await this.participation.certificates(missionId)).map(view);
  }

  /**
   * The public check of a code, without an account, counted in the public verification's limit per address (429
   * beyond it): the record as stored, its signature checked against the key named by `kid`, which must be one of the
   * issuing academy's. An unknown code: 404.
   */
  async verify(input: string, ip: string): Promise<ParticipationVerification> {
    if (!(await this.verification.allowVerification(ip))) throw new TooManyVerifications();
    const code = normalizeParticipationCode(input.slice(0, 40));
    const certificate = code ? await this.participation.certificateByCode(code) : null;
    if (!certificate) throw new NotFound('participation_certificate');
    const record = certificate.record as unknown as ParticipationRecord;
    const key = await this.keys.byKid(certificate.kid);
    let valid = false;
    if (certificate.holderErasedAt) valid = certificate.recordSha256 !== null;
    else if (key && key.academyId === certificate.academyId && record?.code === certificate.code) {
      try {
        valid = verifyRecord(this.keys.publicKey(key.publicJwk), certificate.record, certificate.signature);
      } catch {
        valid = false;
      }
    }
    return {
      code: certificate.code,
      valid,
      revoked: certificate.revokedAt !== null,
      revokedAt: certificate.revokedAt,
      revokedReason: certificate.revokedReason,
      kid: certificate.kid,
      record,
      holderErased: certificate.holderErasedAt !== null,
    };
  }

  /**
   * Erasure's part in the facility (issue 16 point 3, ADR 0014), inside the caller's transaction: each certificate of
   * participation of the person keeps the SHA-256 of its record as signed (when the signature still holds) and loses
   * the holder's name, as certificates do. Answers how many.
   */
  async redactHolderWithin(manager: EntityManager, userId: string): Promise<number> {
    const rows = await this.participation.holderCertificatesForUpdate(manager, userId);
    for (const row of rows) {
      const key = await this.keys.byKid(row.kid);
      const signed =
        !!key && key.academyId === row.academy_id && verifyRecord(this.keys.publicKey(key.publicJwk), row.record, row.signature);
      const hash = signed ? recordSha256(row.record) : null;
      const holder = { ...(row.record.holder as Record<string, unknown>), fullName: '' };
      await this.participation.redactHolder(manager, row.id, { ...row.record, holder }, hash);
    }
    return rows.length;
  }
}

function view(c: ParticipationCertificate): ParticipationCertificateView {
  return {
    id: c.id,
    participantId: c.participantId,
    code: c.code,
    record: c.record as unknown as ParticipationRecord,
    kid: c.kid,
    issuedAt: c.issuedAt,
    revokedAt: c.revokedAt,
    revokedReason: c.revokedReason,
  };
}
