import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OidcAdapter } from '../../storage/oidc-store';
import type { ClaimsOutcome } from '../../domain/sign-in/issue-token-claims';
import { apiScopeOf, grantedScopeValues, type PermissionScope } from '../../domain/applications/exposed-api';

/**
 * Gatehouse's OpenID provider: `oidc-provider` (an OpenID-certified library) configured with
 * Entra's v2.0 paths under `<PUBLIC_BASE_URL>/api/<tenantId>`, the directory's applications as
 * clients, signing keys from storage and its state in Table Storage. What a token says is decided
 * by the sign-in use case (`issueTokenClaims`); sign-in pages are `interaction.ts`.
 */

/** Entra's v2.0 endpoint paths, relative to `/<tenantId>`. */
export const ENTRA_ROUTES = {
  authorization: '/oauth2/v2.0/authorize',
  token: '/oauth2/v2.0/token',
  end_session: '/oauth2/v2.0/logout',
  revocation: '/oauth2/v2.0/revoke',
  jwks: '/discovery/v2.0/keys',
  userinfo: '/oidc/userinfo',
} as const;
/** Where the provider sends a browser to sign in (served by `interaction.ts`). */
export const SIGN_IN_PATH = '/oauth2/v2.0/signin';
/** Where the deployment's federated identity provider sends the browser back (register it there). */
export const FEDERATION_CALLBACK_PATH = '/oauth2/v2.0/federated/callback';
/** Starts a federated proof of an address for a redeem page (`?ticket=`). */
export const FEDERATION_START_PATH = '/oauth2/v2.0/federated/start';

export interface ProviderOptions {
  /** `<PUBLIC_BASE_URL>/api/<tenantId>/v2.0`. */
  issuer: string;
  /** `/api/<tenantId>`: the path every route hangs under. */
  mountPath: string;
  /** Private JWKs, the signing key first. */
  keys: Record<string, unknown>[];
  cookieKeys: string[];
  adapters: (model: string) => OidcAdapter;
  secureCookies: boolean;
  /** Claims for a token, or why the user may not have one (refresh and code grants ask again). */
  /** Entra's `sub`: stable per user and application, different across applications. */
  pairwiseSubject(clientId: string, accountId: string): string;
  claims(input: { userId: string; appId: string; kind: 'idToken' | 'accessToken'; authenticatedAt?: Date | undefined; amr: string[] }): Promise<ClaimsOutcome>;
  /** The application whose API a resource (`api://…`, an identifier URI) names, with its exposed scopes. */
  resourceServer(resource: string): Promise<{ appId: string; scopes: PermissionScope[] } | undefined>;
}

/** Client metadata Gatehouse adds: the SPA redirect URIs, whose origins may call the token endpoint. */
export const SPA_REDIRECT_URIS = 'spa_redirect_uris';

export type ProviderHandle = {
  callback: (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; prompt: { name: string; reasons: string[] }; params: Record<string, unknown>; session?: { accountId?: string } | undefined }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
};

export async function buildProvider(options: ProviderOptions): Promise<ProviderHandle> {
  const { default: Provider, interactionPolicy, errors } = await import('oidc-provider');
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(new interactionPolicy.Check('account_refused', 'the account may not sign in to this application', (ctx) => (ctx.oidc.account as { refused?: boolean } | undefined)?.refused === true));
  const provider = new Provider(options.issuer, {
    adapter: options.adapters as never,
    jwks: { keys: options.keys as never },
    cookies: { keys: options.cookieKeys, long: { secure: options.secureCookies, sameSite: 'lax' }, short: { secure: options.secureCookies, sameSite: 'lax' } },
    routes: ENTRA_ROUTES,
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    // Entra's ID tokens carry the profile claims themselves, not only the userinfo endpoint.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'oid', 'tid', 'ver', 'idp', 'acct', 'roles', 'groups', 'upn'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
    },
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: (_ctx, accountId, client) => options.pairwiseSubject(client.clientId, accountId),
    // Entra gives a refresh token to every code grant of a client allowed one (offline_access is not gated on prompt=consent).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: { AccessToken: 3600, IdToken: 3600, AuthorizationCode: 300, Interaction: 1800, Grant: 14 * 86_400, Session: 86_400, RefreshToken: 14 * 86_400 },
    responseTypes: ['code'],
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    clientDefaults: { id_token_signed_response_alg: 'RS256', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // Entra's clients name the API in the scope (`api://…/Files.Read`), not in a `resource` parameter.
        async defaultResource(ctx, _client, oneOf) {
          if (oneOf) return oneOf[0]!;
          const requested = String(ctx.oidc.params?.['scope'] ?? '').split(' ').map(apiScopeOf).filter((a) => a !== undefined);
          const resources = [...new Set(requested.map((a) => a.resource.toLowerCase()))];
          if (resources.length === 0) return undefined as never;
          if (resources.length > 1) throw new errors.InvalidScope('scopes of one API at a time (AADSTS28000)', requested.map((a) => `${a.resource}/${a.name}`).join(' '));
          const api = await options.resourceServer(requested[0]!.resource);
          if (!api) throw new errors.InvalidScope(`AADSTS500011: no application in the directory exposes ${requested[0]!.resource}`, requested[0]!.resource);
          const unknown = requested.filter((a) => a.name !== '.default' && grantedScopeValues([a.name], api.scopes).length === 0);
          if (unknown.length) throw new errors.InvalidScope('AADSTS65005: the application does not expose the requested scope', unknown.map((a) => a.name).join(' '));
          return requested[0]!.resource;
        },
        // The code's API is the access token's API (the token request names none).
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, resource) {
          const api = await options.resourceServer(resource);
          if (!api) throw new errors.InvalidTarget(`AADSTS500011: no application in the directory exposes ${resource}`);
          const names = [...api.scopes.filter((x) => x.isEnabled).map((x) => x.value), '.default'];
          // An appId-qualified scope (`<appId>/Files.Read`) names the same API as `api://<appId>/Files.Read`.
          const prefixes = resource.toLowerCase() === `api://${api.appId.toLowerCase()}` ? [resource, api.appId] : [resource];
          return {
            // As the client writes them (`<resource>/<value>`); the token's `scp` carries the values (see the JWT customizer).
            scope: prefixes.flatMap((prefix) => names.map((n) => `${prefix}/${n}`)).join(' '),
            // Entra's v2.0 access tokens: aud is the API's client id.
            audience: api.appId,
            accessTokenTTL: 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      userinfo: { enabled: true },
    },
    // The redirect after the sign-in pages is only ever to the application's registered URI.
    interactions: { policy, url: (_ctx, interaction) => `${options.mountPath}${SIGN_IN_PATH}/${interaction.uid}` },
    extraClientMetadata: { properties: [SPA_REDIRECT_URIS] },
    clientBasedCORS: (_ctx, origin, client) => ((client.metadata()[SPA_REDIRECT_URIS] ?? []) as string[]).some((uri) => new URL(uri).origin === origin),
    // Applications of the directory are first-party: the guest consented when redeeming; no second consent screen.
    // The scopes of the directory's own APIs are granted as an administrator's consent would (the API declared them).
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      const params = ctx.oidc.params ?? {};
      const resource = typeof params['resource'] === 'string' ? params['resource'] : undefined;
      const apiScopes = resource ? String(params['scope'] ?? '').split(' ').filter((s) => apiScopeOf(s)?.resource.toLowerCase() === resource.toLowerCase()).join(' ') : '';
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing && existing.accountId === ctx.oidc.session?.accountId) {
          if (resource && apiScopes) {
            existing.addResourceScope(resource, apiScopes);
            await existing.save();
          }
          return existing;
        }
      }
      if (!ctx.oidc.session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email offline_access');
      if (resource && apiScopes) grant.addResourceScope(resource, apiScopes);
      await grant.save();
      return grant;
    },
    // An access token for an API carries the user's claims for that API: its roles, not the client's.
    async extraTokenClaims(_ctx, token) {
      const resourceServer = (token as { resourceServer?: { audience?: string } }).resourceServer;
      const accountId = (token as { accountId?: string }).accountId;
      if (!resourceServer?.audience || !accountId) return undefined;
      const authTime = Number((token as { authTime?: number }).authTime ?? 0);
      const outcome = await options.claims({ userId: accountId, appId: resourceServer.audience, kind: 'accessToken', authenticatedAt: authTime > 0 ? new Date(authTime * 1000) : undefined, amr: (token as { amr?: string[] }).amr ?? [] });
      if (!outcome.ok) throw new errors.InvalidGrant(`the user may not have a token for this API (${outcome.refusal})`);
      return outcome.claims;
    },
    formats: {
      customizers: {
        // Entra's shape: `scp` holds the scope values without the API's prefix; `azp` names the client; `sub` is pairwise per API.
        async jwt(_ctx, token, jwt) {
          const resourceServer = (token as { resourceServer?: { audience?: string; scope?: string } }).resourceServer;
          if (!resourceServer?.audience) return;
          const payload = jwt.payload as Record<string, unknown>;
          const requested = String(payload['scope'] ?? '').split(' ').map(apiScopeOf).filter((a) => a !== undefined).map((a) => a.name);
          const values = new Set(String(resourceServer.scope ?? '').split(' ').map((x) => apiScopeOf(x)?.name).filter((n) => n !== undefined && n !== '.default'));
          const exposed = [...values].map((value) => ({ value, isEnabled: true }) as PermissionScope);
          const scp = grantedScopeValues(requested, exposed);
          if (scp.length) payload['scp'] = scp.join(' ');
          delete payload['scope'];
          payload['azp'] = payload['client_id'];
          const accountId = (token as { accountId?: string }).accountId;
          if (accountId) payload['sub'] = options.pairwiseSubject(resourceServer.audience, accountId);
        },
      },
    },
    async findAccount(ctx, id, token) {
      const clientId = ctx.oidc.client?.clientId;
      if (!clientId) return undefined;
      const authTime = Number((token as { authTime?: number } | undefined)?.authTime ?? ctx.oidc.session?.authTime ?? 0);
      const amr = (token as { amr?: string[] } | undefined)?.amr ?? ctx.oidc.session?.amr ?? [];
      const outcome = await options.claims({ userId: id, appId: clientId, kind: 'idToken', authenticatedAt: authTime > 0 ? new Date(authTime * 1000) : undefined, amr });
      if (!outcome.ok) {
        // Tokens: refused (invalid_grant). A browser session: the sign-in pages run again and end in access_denied.
        return token ? undefined : { accountId: id, refused: true, claims: async () => ({ sub: id }) };
      }
      return { accountId: id, claims: async () => ({ ...outcome.claims }) as { sub: string } };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      const text = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head><body><main><h1>Sign-in failed</h1><p>${text(out['error'])}: ${text(out['error_description'])}</p></main></body></html>`;
    },
  });
  provider.proxy = true;
  // Event names and error names only: never tokens, codes or bodies.
  provider.on('server_error', (_ctx, error: Error) => console.error(`openid provider server_error: ${error.name}: ${error.message}\n${error.stack ?? ''}`));
  return {
    callback: provider.callback(),
    interactionDetails: (req, res) => provider.interactionDetails(req, res) as never,
    interactionFinished: (req, res, result, opts) => provider.interactionFinished(req, res, result as never, opts),
  };
}
