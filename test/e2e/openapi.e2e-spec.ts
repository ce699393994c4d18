import { type TestApp, createTestApp } from '../support/test-app';

/**
 * The served OpenAPI document describes what each route answers: every success response of a JSON operation
 * has a real schema (a response DTO with its properties, not `{}` or a bare object), and routes that send
 * files (PDF, CSV, XML, JWT) name their content type. A route added without `@ApiOkResponse({ type })` fails here.
 */
type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
};
type Response = { description?: string; content?: Record<string, { schema?: Schema }> };
type Operation = { responses?: Record<string, Response> };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const isJson = (mediaType: string): boolean => mediaType === 'application/json' || mediaType.endsWith('+json');

describe('OpenAPI: every answer has its schema', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApi;
  });
  afterAll(() => t.close());

  /** What is wrong with a schema (and the components it refers to), or nothing. */
  function problems(schema: Schema | undefined, at: string, seen = new Set<string>()): string[] {
    if (!schema || Object.keys(schema).length === 0) return [`${at}: no schema`];
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return [];
      seen.add(name);
      const component = doc.components?.schemas?.[name];
      if (!component) return [`${at}: ${schema.$ref} is not in components`];
      if (!component.properties || Object.keys(component.properties).length === 0) return [`${at}: ${name} has no properties`];
      return problems(component, name, seen);
    }
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      if (schema[key]) return schema[key].flatMap((s, i) => problems(s, `${at}.${key}[${i}]`, seen));
    }
    if (schema.type === 'array') return problems(schema.items, `${at}[]`, seen);
    if (schema.type === 'object' || schema.properties) {
      const properties = Object.entries(schema.properties ?? {});
      if (!properties.length && !schema.additionalProperties) return [`${at}: an object without properties`];
      const extra = typeof schema.additionalProperties === 'object' ? problems(schema.additionalProperties, `${at}{}`, seen) : [];
      return [...properties.flatMap(([name, s]) => problems(s, `${at}.${name}`, seen)), ...extra];
    }
    return schema.type || schema.enum ? [] : [`${at}: a schema without a type`];
  }

  it('documents a real schema for the success answer of every JSON operation, and the content type of every file', () => {
    const failures: string[] = [];
    let checked = 0;
    let json = 0;
    let files = 0;
    let empty = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations).filter(([m]) => METHODS.includes(m))) {
        const name = `${method.toUpperCase()} ${path}`;
        checked++;
        const successes = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        if (!successes.length) failures.push(`${name}: no success response`);
        for (const [status, response] of successes) {
          if (status === '204') {
            empty++;
            continue;
          }
          const content = Object.entries(response.content ?? {});
          if (!content.length) {
            failures.push(`${name} ${status}: no content (schema or file type)`);
            continue;
          }
          if (content.some(([type]) => isJson(type))) json++;
          else files++;
          for (const [type, media] of content) {
            if (isJson(type)) failures.push(...problems(media.schema, `${name} ${status} ${type}`));
            else if (!media.schema?.type) failures.push(`${name} ${status} ${type}: no schema`);
          }
        }
      }
    }
    console.log(`OpenAPI: checked ${checked} operations: ${json} answer JSON, ${files} send files, ${empty} answer 204 without content`);
    expect(failures).toEqual([]);
    expect(json).toBeGreaterThanOrEqual(70);
  });

  it('lists the response DTOs among the schemas, beside the request DTOs', () => {
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['LoginResponseDto', 'UserResponseDto', 'CohortDetailsResponseDto', 'AttemptResponseDto', 'LoginDto']),
    );
  });
});
