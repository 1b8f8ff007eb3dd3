import * as oauth from 'oauth4webapi';

/**
 * Sign-in with OpenID Connect, authorization code + PKCE, through oauth4webapi (no hand-written
 * OAuth). Works against Entra ID (the deployment's issuer) and the local OpenID provider. The
 * tokens live in session storage (gone when the tab closes), never in local storage.
 */

/** What `/api/admin/config.json` says. */
export type ConsoleConfig = { issuer: string; clientId: string; scopes: string[] };

/** The signed-in person. */
export type Session = { accessToken: string; idToken: string; expiresAt: number; userId: string; name: string; username: string };

const SESSION_KEY = 'gatehouse.console.session';
const PENDING_KEY = 'gatehouse.console.pending';

export const redirectUri = (): string => `${location.origin}/api/admin/`;

// Plain http is only allowed for a loopback issuer (the local provider); Entra is always https.
const insecure = (url: URL) => url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');

async function discover(config: ConsoleConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', [oauth.allowInsecureRequests]: insecure(issuer) });
  return oauth.processDiscoveryResponse(issuer, response);
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch(new URL('config.json', redirectUri()), { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}

/** The stored session, unless it expires within a minute. */
export function currentSession(): Session | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return stored && stored.expiresAt > Date.now() + 60_000 ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** Sends the browser to the issuer's sign-in page; comes back to {@link completeSignIn}. */
export async function signIn(config: ConsoleConfig, returnTo: string): Promise<never> {
  const as = await discover(config);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, nonce, returnTo }));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: config.scopes.join(' '),
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  location.assign(url.href);
  return new Promise<never>(() => undefined);
}

/** True when this page load is the issuer's redirect back (code or error in the query). */
export const isRedirectBack = (): boolean => {
  const q = new URLSearchParams(location.search);
  return sessionStorage.getItem(PENDING_KEY) !== null && (q.has('code') || q.has('error')) && q.has('state');
};

/** Exchanges the code for tokens; returns where the person was going. */
export async function completeSignIn(config: ConsoleConfig): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string; nonce: string; returnTo: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  if (!pending) throw new Error('No sign-in is in progress.');
  const as = await discover(config);
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), pending.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), pending.verifier, {
    [oauth.allowInsecureRequests]: insecure(new URL(config.issuer)),
  });
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true });
  const claims = oauth.getValidatedIdTokenClaims(result)!;
  const session: Session = {
    accessToken: result.access_token,
    idToken: result.id_token!,
    expiresAt: Date.now() + (result.expires_in ?? 3600) * 1000,
    // Entra's id token names the user's object id in `oid`; `sub` is pairwise there.
    userId: String(claims['oid'] ?? claims.sub),
    name: String(claims['name'] ?? claims['preferred_username'] ?? claims.sub),
    username: String(claims['preferred_username'] ?? claims['email'] ?? ''),
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return pending.returnTo;
}

/** Forgets the tokens and ends the issuer's session too, so the next sign-in asks who you are. */
export async function signOut(config: ConsoleConfig): Promise<void> {
  const session = currentSession();
  sessionStorage.removeItem(SESSION_KEY);
  const as = await discover(config).catch(() => undefined);
  if (as?.end_session_endpoint) {
    const url = new URL(as.end_session_endpoint);
    url.search = new URLSearchParams({
      client_id: config.clientId,
      post_logout_redirect_uri: redirectUri(),
      ...(session ? { id_token_hint: session.idToken } : {}),
    }).toString();
    location.assign(url.href);
  } else {
    location.assign(redirectUri());
  }
}
