import { generateKeyPairSync } from 'node:crypto';
import { multikeyDocument } from './data-integrity';
import { BUNDLED_CONTEXT_URLS, DocumentNotBundledError, controllerDocument, documentLoader } from './document-loader';
import { jwkFor } from './keys';

const KEY_ID = 'https://probity.example/academies/PK/keys/PK-2026a';
const CONTROLLER = 'https://probity.example/academies/PK';
const keyDocument = () => multikeyDocument(jwkFor(generateKeyPairSync('ed25519').publicKey, 'PK-2026a'), KEY_ID, CONTROLLER);

describe('documentLoader', () => {
  it('serves the bundled contexts', async () => {
    const load = documentLoader();
    expect(BUNDLED_CONTEXT_URLS).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/did/v1',
    ]);
    for (const url of BUNDLED_CONTEXT_URLS) {
      const { document, documentUrl } = await load(url);
      expect(documentUrl).toBe(url);
      expect(document).toHaveProperty('@context');
    }
  });

  it('never goes to the network: any other URL throws', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    const load = documentLoader(() => Promise.resolve(null));
    await expect(load('https://www.w3.org/2018/credentials/v1')).rejects.toBeInstanceOf(DocumentNotBundledError);
    await expect(load('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json')).rejects.toThrow(/nothing is fetched/);
    await expect(load('https://example.org/evil-context.jsonld')).rejects.toThrow(DocumentNotBundledError);
    await expect(load(CONTROLLER)).rejects.toThrow(DocumentNotBundledError);
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });

  it('serves the keys resolveKey finds', async () => {
    const key = await keyDocument();
    const load = documentLoader((url) => Promise.resolve(url === KEY_ID ? key : null));
    expect((await load(KEY_ID)).document).toBe(key);
    await expect(load(`${KEY_ID}x`)).rejects.toThrow(DocumentNotBundledError);
  });

  it('answers for a controller only with the keys it has resolved for it', async () => {
    const key = await keyDocument();
    const load = documentLoader((url) => Promise.resolve(url === KEY_ID ? key : null));
    await expect(load(CONTROLLER)).rejects.toThrow(DocumentNotBundledError);
    await load(KEY_ID);
    expect((await load(CONTROLLER)).document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: CONTROLLER,
      assertionMethod: [KEY_ID],
    });
    expect(controllerDocument(CONTROLLER, [KEY_ID])).toEqual((await load(CONTROLLER)).document);
  });

  it('refuses a key document that does not carry the URL it was asked for', async () => {
    const key = await keyDocument();
    const load = documentLoader(() => Promise.resolve(key));
    await expect(load(`${KEY_ID}-other`)).rejects.toThrow(/Multikey document with that id/);
  });
});
