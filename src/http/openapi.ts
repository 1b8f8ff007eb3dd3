import { z } from 'zod';

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
  params?: z.ZodType | undefined;
  responses: Record<number, { description: string; schema?: z.ZodType | undefined }>;
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

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'innerError'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object' } },
        innerError: { type: 'object' },
      },
    },
  },
};

/** Builds the OpenAPI 3.1 document from the same zod schemas the endpoints parse with. */
export function buildOpenApiDocument(serverUrl: string, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of [...operations].sort((a, b) => a.route.localeCompare(b.route))) {
    const path = `/${op.route.replace(/\{(\*?)(\w+)(:[^}?]*)?\??\}/g, '{$2}')}`;
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema
        ? { description: r.description, content: { 'application/json': { schema: toSchema(r.schema, 'output') } } }
        : { description: r.description };
    }
    responses['default'] = { description: 'Graph-style error', content: { 'application/json': { schema: errorSchema } } };
    const operation: Record<string, unknown> = {
      operationId: op.operationId,
      summary: op.summary,
      tags: op.tags,
      responses,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.isPublic ? { security: [] } : {}),
    };
    if (op.body) {
      operation['requestBody'] = { required: true, content: { 'application/json': { schema: toSchema(op.body, 'input') } } };
    }
    (paths[path] ??= {})[op.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Gatehouse API', version, description: 'Graph-shaped API for guest invitations and access packages.' },
    servers: [{ url: `${serverUrl.replace(/\/$/, '')}/api` }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
