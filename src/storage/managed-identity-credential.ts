import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/**
 * Tokens for the app's user-assigned managed identity, straight from the platform's local token
 * endpoint. Flex Consumption (like App Service) exposes it as `IDENTITY_ENDPOINT` with the
 * `IDENTITY_HEADER` secret (api-version 2019-08-01); elsewhere the instance metadata service
 * answers. Written here instead of loading `@azure/identity`: its MSAL dependency was a third of
 * the deployment bundle and of every cold start, for one GET per resource and hour.
 */
export interface ManagedIdentityOptions {
  /** The user-assigned identity's client id (always sent: no fallback to another identity). */
  clientId: string;
  /** `process.env` in production; read for `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`. */
  env: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** Pause between attempts (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

const IMDS_ENDPOINT = 'http://169.254.169.254/metadata/identity/oauth2/token';
/** A cached token is renewed this long before it expires, so no request carries a dying token. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const ATTEMPTS = 4;

export class ManagedIdentityError extends Error {
  override readonly name = 'ManagedIdentityError';
}

export function createManagedIdentityCredential(options: ManagedIdentityOptions): TokenCredential {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const cached = new Map<string, AccessToken>();
  const inFlight = new Map<string, Promise<AccessToken>>();

  const requestFor = (resource: string): { url: string; headers: Record<string, string> } => {
    const endpoint = options.env.IDENTITY_ENDPOINT;
    const secret = options.env.IDENTITY_HEADER;
    const query = (apiVersion: string) => new URLSearchParams({ 'api-version': apiVersion, resource, client_id: options.clientId }).toString();
    if (endpoint && secret) return { url: `${endpoint}${endpoint.includes('?') ? '&' : '?'}${query('2019-08-01')}`, headers: { 'X-IDENTITY-HEADER': secret } };
    return { url: `${IMDS_ENDPOINT}?${query('2018-02-01')}`, headers: { Metadata: 'true' } };
  };

  const fetchToken = async (resource: string, signal: AbortSignal | undefined): Promise<AccessToken> => {
    const { url, headers } = requestFor(resource);
    let last = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      let response: Response | undefined;
      try {
        response = await doFetch(url, { headers, signal: signal ?? null });
      } catch (error) {
        if (signal?.aborted) throw error;
        last = `the endpoint did not answer (${(error as Error).message})`;
      }
      if (response?.ok) return parseToken(await response.json(), now());
      if (response) {
        last = `the endpoint answered ${response.status}`;
        // 4xx other than throttling means the identity or resource is wrong: retrying will not help.
        if (response.status < 500 && response.status !== 429) break;
      }
      if (attempt < ATTEMPTS) await sleep(250 * 2 ** attempt);
    }
    throw new ManagedIdentityError(`Managed identity token for ${resource} unavailable: ${last}`);
  };

  return {
    async getToken(scopes: string | string[], getOptions?: GetTokenOptions): Promise<AccessToken | null> {
      const scope = Array.isArray(scopes) ? scopes[0] : scopes;
      if (!scope) throw new TypeError('getToken needs a scope');
      const resource = scope.replace(/\/\.default$/, '');
      const token = cached.get(resource);
      if (token && token.expiresOnTimestamp - REFRESH_MARGIN_MS > now()) return token;
      let pending = inFlight.get(resource);
      if (!pending) {
        pending = fetchToken(resource, getOptions?.abortSignal as AbortSignal | undefined).finally(() => inFlight.delete(resource));
        inFlight.set(resource, pending);
      }
      const fresh = await pending;
      cached.set(resource, fresh);
      return fresh;
    },
  };
}

/** The endpoint's JSON: `access_token` and `expires_on` (seconds since the epoch) or `expires_in`. */
function parseToken(body: unknown, nowMs: number): AccessToken {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const token = b.access_token;
  if (typeof token !== 'string' || token === '') throw new ManagedIdentityError('Managed identity endpoint answered without an access_token');
  const expiresOn = Number(b.expires_on);
  const expiresIn = Number(b.expires_in);
  const expiresOnTimestamp = Number.isFinite(expiresOn) && expiresOn > 0 ? expiresOn * 1000 : Number.isFinite(expiresIn) && expiresIn > 0 ? nowMs + expiresIn * 1000 : NaN;
  if (!Number.isFinite(expiresOnTimestamp)) throw new ManagedIdentityError('Managed identity endpoint answered without an expiry');
  return { token, expiresOnTimestamp };
}
