import { HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import type { BatchRequest, BatchResponse } from './batch';
import { graphError, type RequestIdentity } from './errors';
import type { HttpRegistration } from './endpoint';

/** The API's version segment: Graph's batch URLs are relative to it (`/users/{id}`). */
const VERSION = 'v1.0';

interface RouteMatch {
  registration: HttpRegistration;
  params: Record<string, string>;
}

const PARAM = /^\{\*?([A-Za-z_]\w*)(?::[^}?]*)?\??\}$/;

/** Matches a path (segments after `/api/`) to a route template; literal segments outrank parameters. */
function matchTemplate(template: string, segments: readonly string[]): { params: Record<string, string>; literals: number } | undefined {
  const parts = template.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  let literals = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    const param = PARAM.exec(part);
    if (param) {
      if (segment === '') return undefined;
      params[param[1]!] = segment;
    } else if (part.toLowerCase() === segment.toLowerCase()) literals++;
    else return undefined;
  }
  return { params, literals };
}

/** The endpoint for a method and path; `methodMismatch` when the path exists with other methods only. */
export function matchRoute(registrations: readonly HttpRegistration[], method: string, path: string): RouteMatch | 'notFound' | 'methodMismatch' {
  let segments: string[];
  try {
    segments = path.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return 'notFound';
  }
  let best: (RouteMatch & { literals: number }) | undefined;
  let pathExists = false;
  for (const registration of registrations) {
    const matched = matchTemplate(registration.route, segments);
    if (!matched) continue;
    pathExists = true;
    if (!registration.methods.includes(method as HttpRegistration['methods'][number])) continue;
    if (!best || matched.literals > best.literals) best = { registration, params: matched.params, literals: matched.literals };
  }
  if (best) return { registration: best.registration, params: best.params };
  return pathExists ? 'methodMismatch' : 'notFound';
}

export interface BatchDispatchContext {
  registrations: readonly HttpRegistration[];
  /** The batch request's origin and `/api` base, e.g. `http://localhost:7071/api`. */
  apiBase: string;
  /** The caller's own Authorization header: every inner request is authorized as the caller. */
  authorization: string | null;
  invocation: InvocationContext;
  id: RequestIdentity;
  /** Operation ids that may not run inside a batch (the batch itself). */
  excluded: readonly string[];
}

/**
 * An inner URL relative to the API version. Besides `/users/{id}` (Graph's form), the forms SDKs
 * send when the base URL has a path are accepted: `/api/v1.0/users/{id}` and
 * `https://host/api/v1.0/users/{id}` (the Graph JS SDK's BatchRequestContent keeps the base path;
 * the host may be the public one behind a proxy, and nothing is fetched from it: inner requests run
 * in-process). An absolute URL outside this API's version path is refused.
 */
function versionRelative(url: string, apiBase: string): string | undefined {
  const base = new URL(apiBase);
  const versionPath = `${base.pathname.replace(/\/+$/, '')}/${VERSION}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
    let absolute: URL;
    try {
      absolute = new URL(url, base);
    } catch {
      return undefined;
    }
    if (!/^https?:$/.test(absolute.protocol) || !absolute.pathname.startsWith(`${versionPath}/`)) return undefined;
    return `${absolute.pathname.slice(versionPath.length)}${absolute.search}`;
  }
  const relative = url.startsWith('/') ? url : `/${url}`;
  for (const prefix of [`${versionPath}/`, `/${VERSION}/`]) if (relative.startsWith(prefix)) return relative.slice(prefix.length - 1);
  return relative;
}

/**
 * Runs one inner request through the app's own endpoint handler, in-process (never over the
 * network), with the caller's token, and turns its response into a batch response.
 */
export async function dispatchInner(ctx: BatchDispatchContext, request: BatchRequest): Promise<BatchResponse> {
  const error = (status: number, code: string, message: string): BatchResponse => {
    const e = graphError(status, code, message, ctx.id);
    return { id: request.id, status, headers: { 'content-type': 'application/json' }, body: e.jsonBody };
  };
  const relative = versionRelative(request.url, ctx.apiBase);
  if (relative === undefined) {
    return error(400, 'BadRequest', 'Inner request URLs are relative to the API version, for example /users/{id}.');
  }
  const queryAt = relative.indexOf('?');
  const path = queryAt < 0 ? relative : relative.slice(0, queryAt);
  const match = matchRoute(ctx.registrations, request.method, `${VERSION}${path}`);
  if (match === 'notFound') return error(404, 'Request_ResourceNotFound', `No endpoint matches '${path}'.`);
  if (match === 'methodMismatch') return error(405, 'MethodNotAllowed', `'${path}' does not support ${request.method}.`);
  if (ctx.excluded.includes(match.registration.name)) return error(400, 'BadRequest', 'A batch cannot contain another batch.');

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) if (name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
  if (ctx.authorization) headers['authorization'] = ctx.authorization;
  let body: string | undefined;
  if (request.body !== undefined && request.body !== null) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  const inner = new HttpRequest({
    method: request.method,
    url: `${ctx.apiBase}/${VERSION}${relative}`,
    headers,
    params: match.params,
    ...(body !== undefined && request.method !== 'GET' ? { body: { string: body } } : {}),
  });
  try {
    const response = await match.registration.handler(inner, ctx.invocation);
    return await toBatchResponse(request.id, response as HttpResponseInit);
  } catch {
    return error(500, 'InternalServerError', 'An internal server error occurred.');
  }
}

async function toBatchResponse(id: string, response: HttpResponseInit): Promise<BatchResponse> {
  const headers: Record<string, string> = {};
  new Headers(response.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, name) => (headers[name] = value));
  const out: BatchResponse = { id, status: response.status ?? 200, headers };
  if (response.jsonBody !== undefined) out.body = response.jsonBody;
  else if (typeof response.body === 'string') {
    out.body = (headers['content-type'] ?? '').includes('json') && response.body ? JSON.parse(response.body) : response.body;
  } else if (response.body instanceof Uint8Array) out.body = Buffer.from(response.body).toString('base64');
  return out;
}
