import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';

/**
 * The local OpenID provider: `oidc-provider` (a certified implementation) at the dev issuer's URL,
 * signing with the dev issuer's key, so the API verifies what it issues exactly as it verifies
 * Entra's tokens. People sign in by choosing a directory user on a plain page (no passwords: this
 * is a development stand-in). Clients and resource servers are parameters, so other local
 * applications (guests signing in to applications, issue 20) register next to the admin console.
 */

/** A directory user as the sign-in page shows it. */
export type DirectoryAccount = { id: string; displayName: string; userPrincipalName: string; mail?: string | null; userType?: string };

/** How the provider reads the directory (through the running API; it keeps no accounts itself). */
export type AccountDirectory = {
  list(search: string): Promise<DirectoryAccount[]>;
  get(id: string): Promise<DirectoryAccount | undefined>;
};

/** A public client (authorization code + PKCE, no secret). */
export type PublicClient = { clientId: string; name: string; redirectUris: string[] };

/** An API the provider issues JWT access tokens for. */
export type ResourceServer = { audience: string; scope: string };

export type OpenIdProviderOptions = {
  issuer: string;
  /** The private signing JWK (RS256) with its `kid`: the dev issuer's key. */
  signingKey: JWK;
  clients: PublicClient[];
  resources: ResourceServer[];
  directory: AccountDirectory;
};

export type Routes = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Builds the provider and returns the request handler for everything under the issuer's path. */
export async function createOpenIdProvider(options: OpenIdProviderOptions): Promise<Routes> {
  // oidc-provider is an ES module; this file compiles to CommonJS.
  const { default: Provider, errors } = await import('oidc-provider');
  const issuerUrl = new URL(options.issuer);
  const mountPath = issuerUrl.pathname.replace(/\/+$/, '');
  const origins = new Set(options.clients.flatMap((c) => c.redirectUris.map((u) => new URL(u).origin)));
  const byAudience = new Map(options.resources.map((r) => [r.audience, r]));
  const defaultAudience = options.resources[0]?.audience;
  formTargets = ["'self'", ...origins].join(' ');

  const provider = new Provider(options.issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_name: c.name,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.redirectUris,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [{ ...options.signingKey, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'profile', 'email'],
    claims: { openid: ['sub', 'oid'], profile: ['name', 'preferred_username'], email: ['email'] },
    routes: { jwks: '/jwks.json' },
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin) => origins.has(origin),
    async findAccount(_ctx, sub) {
      const account = await options.directory.get(sub);
      if (!account) return undefined;
      return {
        accountId: account.id,
        async claims() {
          return { sub: account.id, oid: account.id, name: account.displayName, preferred_username: account.userPrincipalName, email: account.mail ?? account.userPrincipalName };
        },
      };
    },
    // First-party clients: no consent screen; the grant covers the OpenID scopes and the resource's scope.
    async loadExistingGrant(ctx) {
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      if (!ctx.oidc.session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email');
      for (const r of options.resources) grant.addResourceScope(r.audience, r.scope);
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.body = page('Sign out', `<h1>Sign out of the local directory?</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>`);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.body = page('Signed out', '<h1>You are signed out.</h1>');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => defaultAudience ?? '',
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, indicator) {
          const resource = byAudience.get(indicator);
          if (!resource) throw new errors.InvalidTarget();
          return { scope: resource.scope, audience: resource.audience, accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // What the API reads from an Entra delegated token: the user's object id and the delegated scope names.
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const scopes = String(token.scope ?? '').split(' ').filter((s) => byAudience.has(s.slice(0, s.lastIndexOf('/'))));
      return { oid: token.accountId, idtyp: 'user', ver: '2.0', azp: token.clientId, scp: scopes.map((s) => s.slice(s.lastIndexOf('/') + 1)).join(' ') };
    },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Sign-in error', `<h1>Sign-in failed</h1><p>${esc(String(out['error_description'] ?? out['error'] ?? 'error'))}</p>`);
    },
  });
  provider.proxy = false;
  const callback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && rest.endsWith('/login')) {
      const form = new URLSearchParams(await readBody(req));
      const account = await options.directory.get(form.get('accountId') ?? '');
      if (!account) return send(res, 400, page('Sign in', '<h1>Unknown user</h1>'));
      await provider.interactionFinished(req, res, { login: { accountId: account.id } }, { mergeWithLastSubmission: false });
      return;
    }
    const url = new URL(req.url ?? '/', options.issuer);
    const search = (url.searchParams.get('q') ?? '').slice(0, 100);
    const people = await options.directory.list(search);
    const clientName = options.clients.find((c) => c.clientId === details.params['client_id'])?.name ?? 'an application';
    const action = `${mountPath}/interaction/${details.uid}`;
    const rows = people
      .map((p) => `<li><form method="post" action="${action}/login"><input type="hidden" name="accountId" value="${esc(p.id)}"><button type="submit">${esc(p.displayName)}</button> <span>${esc(p.userPrincipalName)}${p.userType === 'Guest' ? ' (guest)' : ''}</span></form></li>`)
      .join('');
    send(
      res,
      200,
      page(
        'Sign in',
        `<h1>Sign in to ${esc(clientName)}</h1><p>Local development directory: choose who you are.</p>
<form method="get" action="${action}" role="search"><label for="q">Search users</label> <input id="q" name="q" value="${esc(search)}"> <button type="submit">Search</button></form>
${people.length ? `<ul aria-label="Directory users">${rows}</ul>` : '<p>No directory user matches.</p>'}`,
      ),
    );
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== mountPath && !url.pathname.startsWith(`${mountPath}/`)) return false;
    const rest = url.pathname.slice(mountPath.length) || '/';
    if (rest.startsWith('/interaction/')) {
      await interaction(req, res, rest).catch((err: unknown) => send(res, 400, page('Sign in', `<h1>Sign-in failed</h1><p>${esc(err instanceof Error ? err.message : String(err))}</p>`)));
      return true;
    }
    // Mounted under the issuer's path: oidc-provider derives its URLs from originalUrl minus url.
    const original = req.url ?? '/';
    Object.assign(req, { originalUrl: original, url: original.slice(mountPath.length) || '/' });
    await new Promise<void>((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
      void callback(req, res);
    });
    return true;
  };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} – Gatehouse (local)</title>
<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color-scheme:light dark}li{margin:.5rem 0}button{font:inherit;padding:.3rem .8rem}</style></head><body><main>${body}</main></body></html>`;
}

let formTargets = "'self'";

function send(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return;
  // form-action also governs the redirects after a post, which end at the client's redirect URI.
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formTargets}; frame-ancestors 'none'` });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('body too large');
  }
  return body;
}
