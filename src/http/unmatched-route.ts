import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { matchRoute } from './batch-dispatch';
import type { HttpRegistration } from './endpoint';
import { graphError, type RequestIdentity } from './errors';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
 * The answer for a path no endpoint serves: Graph's error body (code, message, innerError) with
 * 404, or 405 with `Allow` when the path exists for other methods, where the host alone would send
 * an empty 404 that Graph clients cannot read.
 */
export function unmatchedRoute(registrations: readonly HttpRegistration[], request: HttpRequest, now: Date): HttpResponseInit {
  const id: RequestIdentity = { requestId: randomUUID(), clientRequestId: request.headers.get('client-request-id')?.slice(0, 100) ?? undefined, date: now };
  const url = new URL(request.url);
  const path = url.pathname.replace(/^\/api\/?/, '');
  const shown = url.pathname.slice(0, 200);
  const match = matchRoute(registrations, request.method.toUpperCase(), path);
  if (match === 'methodMismatch') {
    const allowed = HTTP_METHODS.filter((m) => typeof matchRoute(registrations, m, path) === 'object');
    const response = graphError(405, 'Request_BadRequest', `The HTTP method '${request.method.slice(0, 10)}' is not allowed on '${shown}'.`, id);
    return { ...response, headers: { ...response.headers, allow: allowed.join(', ') } };
  }
  return graphError(404, 'Request_ResourceNotFound', `Resource not found for the segment in '${shown}'.`, id);
}
