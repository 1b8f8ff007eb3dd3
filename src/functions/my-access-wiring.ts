import { app, type HttpResponseInit } from '@azure/functions';
import { httpDeps, requestDeps } from '../deps';
import { portalSite } from '../deps/portal';
import type { OperationId } from '../domain/access';
import { portalAsker } from '../domain/entitlement/portal/package-view';
import type { Requestor } from '../domain/entitlement/requests/model';
import { endpoint } from '../http/endpoint';
import type { RequestIdentity } from '../http/errors';
import { asPage, portalContext, type PortalContext, type PortalPage } from '../http/pages/portal-http';

/**
 * How the My Access pages are registered: anonymous endpoints under `myaccess/` whose handlers get
 * the portal context (language, session, CSRF token) and may answer with a page or a redirect;
 * an expected failure becomes a page with its status. No endpoints of its own.
 */
export function portalRoute(
  spec: { operationId: OperationId; method: 'GET' | 'POST'; route: string; summary: string; responses: Record<number, { description: string }> },
  handle: (ctx: PortalContext, input: { params: Record<string, string>; query: URLSearchParams; id: RequestIdentity }) => Promise<HttpResponseInit | PortalPage>,
): void {
  app.http(
    spec.operationId,
    endpoint(
      {
        ...spec,
        route: `myaccess/${spec.route}`,
        tags: ['myAccess'],
        async handle({ request, params, query, id }) {
          const ctx = await portalContext(request, portalSite());
          return asPage(ctx, () => handle(ctx, { params: params as Record<string, string>, query, id }));
        },
      },
      httpDeps,
    ),
  );
}

/** The signed-in visitor as a requestor: their directory user when the address is one, else the address. */
export async function requestorOf(email: string): Promise<{ requestor: Requestor; userId: string | null }> {
  const { user } = await portalAsker(requestDeps(), email);
  return user ? { requestor: { kind: 'user', userId: user.id }, userId: user.id } : { requestor: { kind: 'external', email: email.toLowerCase() }, userId: null };
}

/** Package names for lists, each read once. */
export function packageNames(): (id: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (id) => {
    if (!cache.has(id)) cache.set(id, requestDeps().packages.get(id).then((p) => p?.value.displayName ?? id));
    return cache.get(id)!;
  };
}
