import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { registeredEndpoints } from '../http/endpoint';
import { graphError, type RequestIdentity } from '../http/errors';
import { matchRoute } from '../http/batch-dispatch';

/**
 * The answer for a path no endpoint serves: Graph's error body (code, message, innerError) with
 * 404, or 405 with `Allow` when the path exists for other methods, where the host alone would send
 * an empty 404 that Graph clients cannot read.
 *
 * `{*path}` is the least specific template there is, so ASP.NET Core's precedence (the local host's)
 * tries it last. Azure's host tries routes in alphabetical order of function name instead, so the
 * function's name sorts after every other one (`zzz…`) and this route is tried last there too.
 */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export function unmatchedRoute(request: HttpRequest): HttpResponseInit {
  const id: RequestIdentity = { requestId: randomUUID(), clientRequestId: request.headers.get('client-request-id')?.slice(0, 100) ?? undefined, date: new Date() };
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/api\/?/, '');
  const shown = url.pathname.slice(0, 200);
  const match = matchRoute(registeredEndpoints, request.method.toUpperCase(), path);
  if (match === 'methodMismatch') {
    const allowed = METHODS.filter((m) => typeof matchRoute(registeredEndpoints, m, path) === 'object');
    const response = graphError(405, 'Request_BadRequest', `The HTTP method '${request.method.slice(0, 10)}' is not allowed on '${shown}'.`, id);
    return { ...response, headers: { ...response.headers, allow: allowed.join(', ') } };
  }
  return graphError(404, 'Request_ResourceNotFound', `Resource not found for the segment in '${shown}'.`, id);
}

app.http('zzzUnmatchedRoute', { route: '{*path}', methods: [...METHODS], authLevel: 'anonymous', handler: async (request) => unmatchedRoute(request) });
