import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OidcAdapter } from '../../storage/oidc-store';
import type { ClaimsOutcome } from '../../domain/sign-in/issue-token-claims';

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
}

/** Client metadata Gatehouse adds: the SPA redirect URIs, whose origins may call the token endpoint. */
export const SPA_REDIRECT_URIS = 'spa_redirect_uris';

export type ProviderHandle = {
  callback: (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; prompt: { name: string; reasons: string[] }; params: Record<string, unknown>; session?: { accountId?: string } | undefined }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
};

export async function buildProvider(options: ProviderOptions): Promise<ProviderHandle> {
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
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
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      userinfo: { enabled: true },
    },
    // The redirect after the sign-in pages is only ever to the application's registered URI.
    interactions: { policy, url: (_ctx, interaction) => `${options.mountPath}${SIGN_IN_PATH}/${interaction.uid}` },
    extraClientMetadata: { properties: [SPA_REDIRECT_URIS] },
    clientBasedCORS: (_ctx, origin, client) => ((client.metadata()[SPA_REDIRECT_URIS] ?? []) as string[]).some((uri) => new URL(uri).origin === origin),
    // Applications of the directory are first-party: the guest consented when redeeming; no second consent screen.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      if (!ctx.oidc.session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email offline_access');
      await grant.save();
      return grant;
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
