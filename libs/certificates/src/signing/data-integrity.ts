import { type KeyObject, createPublicKey, sign } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { fromJwk } from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { issue, verifyCredential } from '@digitalbazaar/vc';
import { type BitstringStatusListEntry, type VerifiableCredential } from './credential';
import { MULTIKEY_CONTEXT, type MultikeyDocument, type ResolveKey, documentLoader } from './document-loader';
import { type Ed25519PublicJwk } from './keys';

/**
 * Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite: the path 1EdTech certifies for
 * Ed25519 keys. The verification method is a Multikey document published at
 * `keyUrl(publicUrl, academyCode, kid)`, controlled by the issuer URL.
 */

export interface DataIntegrityProofValue {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-rdfc-2022';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

export type SignedCredential<T extends VerifiableCredential> = T & { proof: DataIntegrityProofValue };

export interface DataIntegrityVerification {
  verified: boolean;
  errors: string[];
}

export interface VerifyDataIntegrityOptions {
  /** Revocation check for credentials that carry a `credentialStatus`; without it, status is not checked here. */
  isRevoked?: (entry: BitstringStatusListEntry) => Promise<boolean>;
  now?: Date;
}

export async function multikeyDocument(
  publicJwk: Pick<Ed25519PublicJwk, 'kty' | 'crv' | 'x'>,
  id: string,
  controller: string,
): Promise<MultikeyDocument> {
  const keyPair = await fromJwk({ jwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x }, id, controller });
  const exported = await keyPair.export({ publicKey: true, includeContext: true });
  const publicKeyMultibase = exported.publicKeyMultibase;
  if (typeof publicKeyMultibase !== 'string') throw new TypeError('Ed25519 multikey export has no publicKeyMultibase');
  return { '@context': MULTIKEY_CONTEXT, id, type: 'Multikey', controller, publicKeyMultibase };
}

export async function dataIntegrityProof<T extends VerifiableCredential>(
  credential: T,
  privateKey: KeyObject,
  publicJwk: Pick<Ed25519PublicJwk, 'x'>,
  verificationMethodId: string,
): Promise<SignedCredential<T>> {
  if (credential.proof !== undefined) throw new TypeError('dataIntegrityProof signs a credential without a proof');
  if (!isPairOf(privateKey, publicJwk)) throw new TypeError('the private key does not match the public JWK');
  const signer = {
    id: verificationMethodId,
    algorithm: 'Ed25519',
    sign: ({ data }: { data: Uint8Array }) => Promise.resolve(sign(null, data, privateKey)),
  };
  const suite = new DataIntegrityProof({ signer, cryptosuite });
  const signed = await issue({ credential: structuredClone(credential), suite, documentLoader: documentLoader() });
  return signed as SignedCredential<T>;
}

/**
 * Checks the proof, that its key is one `resolveKey` serves, that the key's controller is the
 * credential's issuer, and the validity dates; revocation only when `options.isRevoked` is given.
 */
export async function verifyDataIntegrity(
  credential: unknown,
  resolveKey: ResolveKey,
  options: VerifyDataIntegrityOptions = {},
): Promise<DataIntegrityVerification> {
  if (typeof credential !== 'object' || credential === null) return { verified: false, errors: ['not a credential'] };
  const { isRevoked } = options;
  const result = await verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: documentLoader(resolveKey),
    checkStatus: async ({ credential: checked }) => {
      const entry = (checked as VerifiableCredential).credentialStatus;
      return { verified: !isRevoked || !entry || !(await isRevoked(entry)) };
    },
    now: options.now,
  });
  if (result.verified) return { verified: true, errors: [] };
  if (result.statusResult && !result.statusResult.verified) return { verified: false, errors: ['revoked'] };
  return { verified: false, errors: errorMessages(result.error ?? result.results?.map((r) => r.error)) };
}

function isPairOf(privateKey: KeyObject, publicJwk: Pick<Ed25519PublicJwk, 'x'>): boolean {
  return createPublicKey(privateKey).export({ format: 'jwk' }).x === publicJwk.x;
}

function errorMessages(error: unknown): string[] {
  if (Array.isArray(error)) return error.flatMap(errorMessages);
  if (error instanceof Error) {
    const nested = (error as Error & { errors?: unknown }).errors;
    return Array.isArray(nested) && nested.length > 0 ? errorMessages(nested) : [error.message];
  }
  if (error === undefined || error === null) return [];
  return [typeof error === 'string' ? error : JSON.stringify(error)];
}
