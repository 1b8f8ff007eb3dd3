import { randomBytes } from 'node:crypto';

/**
 * Sign-in through the deployment's external OpenID provider (the partner's Entra tenant, Google,
 * a test's local provider), as a relying party with `openid-client`: authorization code + PKCE,
 * state and nonce, the ID token checked against the partner's discovery document. Only a verified
 * `email` claim counts; it is then treated like an address proved by a one-time code.
 */
export interface FederationSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** Gatehouse's callback, registered at the partner: `<base>/oauth2/v2.0/federated/callback`. */
  redirectUri: string;
}

/** Where a federated sign-in returns: a sign-in interaction, or a redeem page. */
export type FederationReturn = { uid: string } | { path: string };

export interface FederationState {
  returnTo: FederationReturn;
  verifier: string;
  nonce: string;
}

/** Port: short-lived federation state by its random `state` value (30 minutes). */
export interface FederationStateStore {
  put(state: string, value: FederationState): Promise<void>;
  /** Reads and removes. */
  take(state: string): Promise<FederationState | undefined>;
}

export function createFederation(settings: FederationSettings, states: FederationStateStore) {
  let config: Promise<import('openid-client', { with: { 'resolution-mode': 'import' } }).Configuration> | undefined;
  const client = () => import('openid-client');
  const configuration = async () => {
    const oidc = await client();
    config ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, settings.issuer.startsWith('http://') ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        config = undefined;
        throw error;
      });
    return config;
  };
  return {
    displayName: settings.displayName,
    issuer: settings.issuer,
    /** The partner's authorization URL for a new federated sign-in. */
    async start(returnTo: FederationReturn): Promise<string> {
      const oidc = await client();
      const state = randomBytes(32).toString('base64url');
      const verifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      await states.put(state, { returnTo, verifier, nonce });
      const url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: settings.redirectUri, scope: 'openid email profile', state, nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      return url.href;
    },
    /** The partner's answer: the verified address and where to go on, or undefined for anything else. */
    async finish(callbackUrl: URL): Promise<{ email: string; subject: string; returnTo: FederationReturn } | undefined> {
      const stateValue = callbackUrl.searchParams.get('state') ?? '';
      if (!/^[A-Za-z0-9_-]{43}$/.test(stateValue)) return undefined;
      const state = await states.take(stateValue);
      if (!state) return undefined;
      const oidc = await client();
      try {
        const tokens = await oidc.authorizationCodeGrant(await configuration(), callbackUrl, { pkceCodeVerifier: state.verifier, expectedNonce: state.nonce, expectedState: stateValue });
        const claims = tokens.claims();
        const email = typeof claims?.['email'] === 'string' ? claims['email'].toLowerCase() : undefined;
        // An unverified address proves nothing about who reads its mail.
        if (!email || claims?.['email_verified'] !== true || typeof claims['sub'] !== 'string') return undefined;
        return { email, subject: claims['sub'], returnTo: state.returnTo };
      } catch {
        return undefined;
      }
    },
  };
}

export type Federation = ReturnType<typeof createFederation>;
