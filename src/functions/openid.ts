import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpDeps, settings } from '../deps';
import { clientSecretMatches, federation, interactionDeps, keepFederatedResult, openIdBase, openIdProvider, providerClientSecret, sessionCookieFor } from '../deps/openid-provider';
import { isWellFormedSecret } from '../domain/secrets';
import { notFound } from '../domain/errors';
import type { OperationId } from '../domain/access';
import { endpoint } from '../http/endpoint';
import { parseSetCookie, runNodeHandler } from '../http/oidc/bridge';
import { handleInteraction } from '../http/oidc/interaction';
import { FEDERATION_CALLBACK_PATH, FEDERATION_START_PATH, SIGN_IN_PATH } from '../http/oidc/provider';

/**
 * Gatehouse's OpenID provider at Entra's v2.0 paths (`/api/<tenantId>/v2.0/.well-known/openid-configuration`,
 * `/oauth2/v2.0/authorize|token|logout|revoke`, `/discovery/v2.0/keys`, `/oidc/userinfo`), so an
 * application written for Entra switches by changing its authority. Each request is run through the
 * provider in process (src/http/oidc/bridge.ts).
 */
const tags = ['sign-in'];

/** A client secret presented to the token or revocation endpoint, checked against the application's hashes. */
async function withCheckedSecret(request: HttpRequest): Promise<{ body?: Buffer; headers?: Record<string, string | undefined> }> {
  if (request.method !== 'POST') return {};
  const raw = Buffer.from(await request.arrayBuffer());
  const form = new URLSearchParams(raw.toString('utf8'));
  let clientId = form.get('client_id') ?? undefined;
  let secret = form.get('client_secret') ?? undefined;
  const authorization = request.headers.get('authorization') ?? '';
  const headers: Record<string, string | undefined> = {};
  if (/^basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
    headers['authorization'] = undefined;
    form.set('client_id', clientId);
  }
  if (secret === undefined || !clientId) return { body: raw };
  // Only a matching secret is replaced by the one the provider knows; any other fails as invalid_client.
  form.set('client_secret', (await clientSecretMatches(clientId, secret)) ? await providerClientSecret(clientId) : 'invalid');
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return { body: Buffer.from(form.toString(), 'utf8'), headers };
}

async function serve(request: HttpRequest, innerPath: string): Promise<HttpResponseInit> {
  const tenantId = request.params['tenantId'] ?? '';
  const { mountPath } = openIdBase();
  if (tenantId.toLowerCase() !== settings().ORGANIZATION_TENANT_ID.toLowerCase()) throw notFound('tenant', tenantId);
  if (innerPath === FEDERATION_CALLBACK_PATH || innerPath === FEDERATION_START_PATH) return federated(request, innerPath, mountPath);
  const provider = await openIdProvider();
  const checked = innerPath.endsWith('/token') || innerPath.endsWith('/revoke') ? await withCheckedSecret(request) : {};
  const signInBase = `${mountPath}${SIGN_IN_PATH}`;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!innerPath.startsWith(`${SIGN_IN_PATH}/`)) return provider.callback(req, res);
    return interactionDeps()
      .then((deps) => handleInteraction(provider, deps, req, res, innerPath.slice(SIGN_IN_PATH.length + 1), signInBase))
      .catch(() => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end('<!doctype html><title>Sign-in</title><h1>This sign-in has expired</h1><p>Go back to the application and sign in again.</p>');
      });
  };
  return runNodeHandler(handler, { request, innerPath, outerPath: `${mountPath}${innerPath}`, publicBaseUrl: new URL(settings().PUBLIC_BASE_URL).origin, ...checked });
}

const page = (status: number, title: string, text: string): HttpResponseInit => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'" },
  body: `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${text}</p></html>`,
});

/**
 * The federated identity provider's two ends outside a sign-in interaction: `start` for a redeem
 * page (the address is proved by the partner instead of a mailed code) and the callback, which
 * opens the shared sign-in session for the verified address and goes back where it started.
 */
async function federated(request: HttpRequest, innerPath: string, mountPath: string): Promise<HttpResponseInit> {
  const client = federation();
  if (!client) throw notFound('federation', innerPath);
  if (innerPath === FEDERATION_START_PATH) {
    const ticket = new URL(request.url).searchParams.get('ticket') ?? '';
    if (!isWellFormedSecret(ticket)) return page(400, 'Invalid link', 'This link is not valid.');
    return { status: 303, headers: { location: await client.start({ path: `/api/redeem?ticket=${ticket}` }), 'cache-control': 'no-store' } };
  }
  const outcome = await client.finish(new URL(`${new URL(settings().PUBLIC_BASE_URL).origin}${new URL(request.url).pathname}${new URL(request.url).search}`));
  if (!outcome) return page(400, 'Sign-in failed', 'Your organization did not confirm a verified email address. Go back and try again, or use a code.');
  const cookie = parseSetCookie(await sessionCookieFor(outcome.email, { issuer: client.issuer, subject: outcome.subject }));
  const location = 'uid' in outcome.returnTo
    ? `${mountPath}${SIGN_IN_PATH}/${outcome.returnTo.uid}/federated/done?result=${await keepFederatedResult(outcome.email, outcome.subject)}`
    : outcome.returnTo.path;
  return { status: 303, headers: { location, 'cache-control': 'no-store' }, cookies: [cookie] };
}

function route(operationId: OperationId, method: 'GET' | 'POST', path: string, summary: string, inner: (request: HttpRequest) => string): void {
  app.http(
    operationId,
    endpoint(
      {
        operationId, method, route: `{tenantId}/${path}`, tags, summary,
        responses: { 200: { description: 'As OpenID Connect specifies' }, 302: { description: 'Redirect (authorization, sign-in, logout)' }, 400: { description: 'OAuth error' } },
        handle: ({ request }) => serve(request, inner(request)),
      },
      httpDeps,
    ),
  );
}

const rest = (prefix: string) => (request: HttpRequest) => `${prefix}/${request.params['rest'] ?? ''}`;

route('openIdConfiguration', 'GET', 'v2.0/.well-known/openid-configuration', 'OpenID Connect discovery document of the directory', () => '/.well-known/openid-configuration');
route('openIdKeys', 'GET', 'discovery/v2.0/keys', 'The signing keys (JWKS): the current key and the next one', () => '/discovery/v2.0/keys');
route('openIdEndpointGet', 'GET', 'oauth2/v2.0/{*rest}', 'Authorize, sign-in pages, logout', rest('/oauth2/v2.0'));
route('openIdEndpointPost', 'POST', 'oauth2/v2.0/{*rest}', 'Token, revoke, sign-in forms, logout', rest('/oauth2/v2.0'));
route('openIdUserInfoGet', 'GET', 'oidc/userinfo', 'UserInfo', () => '/oidc/userinfo');
route('openIdUserInfoPost', 'POST', 'oidc/userinfo', 'UserInfo', () => '/oidc/userinfo');
