import { z } from 'zod';
import { ERROR_TABLE, graphErrorSchema } from './errors';
import { EXAMPLE_ID, EXAMPLE_TIME, exampleOf } from './openapi-schemas';

/** What each endpoint tells the OpenAPI document about itself; filled as function files register. */
export interface OperationDoc {
  operationId: string;
  method: string;
  /** Functions route without the `api/` prefix, e.g. `v1.0/users/{id}`. */
  route: string;
  summary: string;
  tags: string[];
  isPublic: boolean;
  body?: z.ZodType | undefined;
  /** The body schema as declared (its example is kept on it); `body` is the strict copy the wrapper parses with. */
  bodyExample?: z.ZodType | undefined;
  params?: z.ZodType | undefined;
  responses: Record<number, ResponseDoc>;
}

/** One answer of an operation: a JSON body by default; `contentType` for pages, counts and files. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType | undefined;
  contentType?: string | undefined;
}

const operations: OperationDoc[] = [];

export function registerOperationDoc(doc: OperationDoc): void {
  if (operations.some((o) => o.operationId === doc.operationId)) {
    throw new TypeError(`Duplicate operationId ${doc.operationId}`);
  }
  operations.push(doc);
}

export function registeredOperations(): readonly OperationDoc[] {
  return operations;
}

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** The example an operation shows for a body: the one kept next to the schema, else one generated from it. */
export function exampleFor(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return exampleOf(schema) ?? sampleOf(toSchema(schema, io));
}

/** The request example of an operation with a body: the listed one, else the body schema's own or a generated one. */
export function requestExampleFor(op: OperationDoc, requestExamples: Partial<Record<string, unknown>>): unknown {
  return requestExamples[op.operationId] ?? (op.body ? exampleFor(op.bodyExample ?? op.body, 'input') : undefined);
}

/** The error answers an operation can give, from what it declares and what the endpoint wrapper does. */
export function errorStatuses(op: OperationDoc): number[] {
  const declared = Object.keys(op.responses).map(Number).filter((s) => s >= 400);
  const hasPathParams = /\{/.test(op.route);
  const implied = [
    400, // malformed query options, path parameters or body
    ...(op.isPublic ? [] : [401, 403]),
    ...(hasPathParams ? [404] : []),
    ...(op.body ? [413, 415] : []),
    500,
  ];
  return [...new Set([...declared, ...implied])].sort((a, b) => a - b);
}

const ERROR_TITLES: Record<number, string> = {
  400: 'Bad request: the Graph error names the property or query option',
  401: 'No valid bearer token',
  403: 'The caller may not run this operation',
  404: 'No such resource',
  405: 'Method not allowed',
  409: 'Conflict with the current state',
  412: 'Changed meanwhile (If-Match)',
  413: 'Body too large',
  415: 'Not a supported content type',
  422: 'The Idempotency-Key was used for a different request',
  429: 'Too many requests (Retry-After says when to retry)',
  500: 'Internal error (quote the request-id)',
  503: 'A dependency is unavailable (Retry-After says when to retry)',
};

const errorExample = (status: number) => ({
  error: {
    // The Graph code the error table gives this status (the first, where several share it).
    code: status === 500 ? 'InternalServerError' : (Object.values(ERROR_TABLE).find((row) => row.status === status)?.graphCode ?? 'BadRequest'),
    message: ERROR_TITLES[status] ?? 'Error',
    innerError: { 'request-id': '7f3a9c1e-2b4d-4e6f-8a0b-1c2d3e4f5a6b', date: '2026-03-01T09:30:00Z', 'client-request-id': '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6' },
  },
});

/** Builds the OpenAPI 3.1 document from the same zod schemas the endpoints parse with. */
export function buildOpenApiDocument(
  serverUrl: string,
  version: string,
  successBodies: Partial<Record<string, ResponseDoc>> = {},
  requestExamples: Partial<Record<string, unknown>> = {},
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponses: Record<string, unknown> = {};
  const tags = new Set<string>();
  for (const op of [...operations].sort((a, b) => a.route.localeCompare(b.route))) {
    const path = `/${op.route.replace(/\{(\*?)(\w+)(:[^}?]*)?\??\}/g, '{$2}')}`;
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {};
    const successStatus = Object.keys(op.responses).map(Number).find((s) => s >= 200 && s < 300 && s !== 204);
    for (const [status, declared] of Object.entries(op.responses)) {
      if (Number(status) >= 400) continue;
      const fallback = Number(status) === successStatus ? successBodies[op.operationId] : undefined;
      const r: ResponseDoc = declared.schema || !fallback ? declared : { ...fallback, description: declared.description };
      const headers = Number(status) >= 300 && Number(status) < 400 ? { Location: { description: 'Where to go next', schema: { type: 'string' } } } : undefined;
      responses[status] = r.schema
        ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: toSchema(r.schema, 'output'), example: exampleFor(r.schema, 'output') } } }
        : { description: r.description, ...(headers && { headers }) };
    }
    for (const status of errorStatuses(op)) {
      const name = `Error${status}`;
      errorResponses[name] ??= {
        description: ERROR_TITLES[status] ?? `HTTP ${status}`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/GraphError' }, example: errorExample(status) } },
      };
      const declared = op.responses[status]?.description;
      responses[String(status)] = declared ? { $ref: `#/components/responses/${name}`, description: declared } : { $ref: `#/components/responses/${name}` };
    }
    op.tags.forEach((t) => tags.add(t));
    const operation: Record<string, unknown> = {
      operationId: op.operationId,
      summary: op.summary,
      tags: op.tags,
      responses,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.isPublic ? { security: [] } : {}),
    };
    if (op.body) {
      operation['requestBody'] = { required: true, content: { 'application/json': { schema: toSchema(op.body, 'input'), example: requestExampleFor(op, requestExamples) } } };
    }
    (paths[path] ??= {})[op.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse API',
      version,
      description: 'Graph-shaped API for guest invitations and access packages.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `${serverUrl.replace(/\/$/, '')}/api` }],
    tags: [...tags].sort().map((name) => ({ name, description: `Operations of the ${name} area` })),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { GraphError: toSchema(graphErrorSchema, 'output') },
      responses: Object.fromEntries(Object.entries(errorResponses).sort(([a], [b]) => a.localeCompare(b))),
    },
    security: [{ bearer: [] }],
    paths,
  };
}

/** A value that fits a JSON schema, for operations without an example of their own (a test parses it with the zod schema). */
export function sampleOf(schema: Record<string, unknown>, depth = 0): unknown {
  if (depth > 8) return null;
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return schema['enum'][0];
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return schema['examples'][0];
  if ('default' in schema) return schema['default'];
  const choice = (schema['anyOf'] ?? schema['oneOf']) as Record<string, unknown>[] | undefined;
  if (choice) return sampleOf(choice.find((c) => c['type'] !== 'null') ?? choice[0]!, depth + 1);
  if (Array.isArray(schema['allOf'])) {
    const parts = (schema['allOf'] as Record<string, unknown>[]).map((s) => sampleOf(s, depth + 1));
    return parts.every((p) => p !== null && typeof p === 'object' && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0];
  }
  const type = Array.isArray(schema['type']) ? (schema['type'] as string[]).find((t) => t !== 'null') : (schema['type'] as string | undefined);
  switch (type) {
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      const required = new Set((schema['required'] ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(properties)) {
        if (required.has(key) && !('not' in prop)) out[key] = sampleOf(prop, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = (schema['minItems'] as number | undefined) ?? 0;
      const items = schema['items'] as Record<string, unknown> | undefined;
      return items ? Array.from({ length: Math.max(min, 1) }, () => sampleOf(items, depth + 1)) : [];
    }
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return (schema['minimum'] as number | undefined) ?? (typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] + 1 : 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

function sampleString(schema: Record<string, unknown>): string {
  switch (schema['format']) {
    case 'email':
      return 'anna@contoso.example';
    case 'uuid':
      return EXAMPLE_ID;
    case 'date-time':
      return EXAMPLE_TIME;
    case 'date':
      return '2026-03-01';
    case 'uri':
      return 'https://contoso.example/';
    case 'duration':
      return 'P30D';
  }
  const min = (schema['minLength'] as number | undefined) ?? 1;
  const max = (schema['maxLength'] as number | undefined) ?? 64;
  const text = 'Contoso sample';
  return text.length >= min ? text.slice(0, max) : text.padEnd(min, 'x');
}
