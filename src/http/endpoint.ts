import { randomUUID } from 'node:crypto';
import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { Failure } from '../domain/errors';
import type { OperationId } from '../domain/access';
import type { Principal } from '../domain/principal';
import { boundaryBody, wellFormedJson } from './clean-body';
import { failureResponse, internalErrorResponse, type RequestIdentity } from './errors';
import { registerOperationDoc, type ResponseDoc } from './openapi';
import { parseWith, readJsonBody, refuseUnexpectedJson } from './request';

/** What the HTTP layer needs from the composition root. */
export interface HttpDeps {
  maxBodyBytes: number;
  now(): Date;
  /** Verifies the bearer token; a failure is `unauthenticated`. */
  authenticate(request: HttpRequest): Promise<Principal>;
  /** Whether the principal may run the operation (the access table decides). */
  authorize(principal: Principal, operationId: OperationId): Promise<boolean>;
  /** Whether the operation is open to anonymous callers (per the access table). */
  isPublic(operationId: OperationId): boolean;
}

/** Everything a handler gets: parsed input, the caller and the request's identity. */
export interface EndpointContext<B, P> {
  request: HttpRequest;
  invocation: InvocationContext;
  body: B;
  params: P;
  query: URLSearchParams;
  /** Undefined only for public operations. */
  principal: Principal | undefined;
  id: RequestIdentity;
}

export interface EndpointSpec<B, P> {
  operationId: OperationId;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Functions route, e.g. `v1.0/users/{id}`. */
  route: string;
  summary: string;
  tags?: string[];
  body?: z.ZodType<B>;
  params?: z.ZodType<P>;
  responses: Record<number, ResponseDoc>;
  handle(ctx: EndpointContext<B, P>): Promise<HttpResponseInit>;
}

/** A function registration ready for `app.http(name, …)`. */
export interface HttpRegistration {
  name: string;
  route: string;
  /** The spec's method; a GET also answers HEAD (a Functions route answers only what it registers). */
  methods: ('GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE')[];
  authLevel: 'anonymous';
  handler: HttpHandler;
}

/**
 * Wraps a handler in the conventions every endpoint shares: request ids, bearer authentication,
 * the access table, body limits and zod parsing, Graph error JSON, and a neutral 500 that never
 * carries an internal message. Also adds the endpoint to the OpenAPI document.
 */
export function endpoint<B = undefined, P = Record<string, string>>(spec: EndpointSpec<B, P>, deps: () => HttpDeps): HttpRegistration {
  // Every body: clean text and no unknown properties (src/http/clean-body.ts), the same for every route.
  const bodySchema = spec.body && boundaryBody(spec.body);
  registerOperationDoc({
    operationId: spec.operationId,
    method: spec.method,
    route: spec.route,
    summary: spec.summary,
    tags: spec.tags ?? [],
    // The access table is the authority; reading it lazily keeps registration free of settings.
    get isPublic() {
      return deps().isPublic(spec.operationId);
    },
    body: bodySchema?.strict,
    bodyExample: spec.body,
    params: spec.params,
    responses: spec.responses,
  });

  const handler: HttpHandler = async (request, invocation) => {
    const response = await answer(request, invocation);
    if (request.method === 'HEAD') return withoutBody(response);
    return response.jsonBody === undefined ? response : { ...response, jsonBody: wellFormedJson(response.jsonBody) };
  };

  const answer = async (request: HttpRequest, invocation: InvocationContext): Promise<HttpResponseInit> => {
    const d = deps();
    const id: RequestIdentity = {
      requestId: randomUUID(),
      clientRequestId: request.headers.get('client-request-id')?.slice(0, 100) ?? undefined,
      date: d.now(),
    };
    try {
      const principal = d.isPublic(spec.operationId) ? undefined : await d.authenticate(request);
      if (principal && !(await d.authorize(principal, spec.operationId))) {
        throw new Failure('accessDenied', 'Insufficient privileges to complete the operation.');
      }
      const params = spec.params ? parseWith(spec.params, request.params, 'path parameters') : (request.params as P);
      if (!bodySchema && spec.method !== 'GET' && spec.method !== 'DELETE') await refuseUnexpectedJson(request, d.maxBodyBytes);
      const body = bodySchema ? parseWith(bodySchema.parse, await readJsonBody(request, d.maxBodyBytes), 'request body') : (undefined as B);
      const response = await spec.handle({ request, invocation, body, params, query: request.query, principal, id });
      return withRequestId(response, id);
    } catch (error) {
      if (error instanceof Failure) {
        invocation.log(`${spec.operationId} failed: ${error.code}`, { requestId: id.requestId });
        return failureResponse(error, id);
      }
      invocation.error(`${spec.operationId} crashed`, { requestId: id.requestId, error: describe(error) });
      return internalErrorResponse(id);
    }
  };

  const methods: HttpRegistration['methods'] = spec.method === 'GET' ? ['GET', 'HEAD'] : [spec.method];
  const registration: HttpRegistration = { name: spec.operationId, route: spec.route, methods, authLevel: 'anonymous', handler };
  registeredEndpoints.push(registration);
  return registration;
}

/** Every endpoint built by `endpoint()`, so `$batch` can run inner requests through them in-process. */
export const registeredEndpoints: HttpRegistration[] = [];

/**
 * The same operation (same access rule, same handler) at a second route Graph documents for it,
 * registered as its own function `name`; the route's parameters must carry the same names.
 */
export function alias(registration: HttpRegistration, name: string, route: string): HttpRegistration {
  const copy: HttpRegistration = { ...registration, name, route };
  registeredEndpoints.push(copy);
  return copy;
}

function withRequestId(response: HttpResponseInit, id: RequestIdentity): HttpResponseInit {
  const headers: Record<string, string> = {};
  new Headers(response.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, key) => (headers[key] = value));
  headers['request-id'] = id.requestId;
  if (id.clientRequestId) headers['client-request-id'] = id.clientRequestId;
  return { ...response, headers };
}

/** HEAD: the GET's status and headers, no body (a JSON reply keeps its content type). */
function withoutBody(response: HttpResponseInit): HttpResponseInit {
  const { body: _body, jsonBody: _json, ...rest } = response;
  return rest;
}

/** Error name and message only: logs never carry request bodies or tokens. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}

/** A 200/201 JSON reply with Graph's `@odata.context`. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'content-type': 'application/json', ...headers } };
}
