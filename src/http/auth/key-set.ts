import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type KeyLike,
} from 'jose';

/** Loads the issuer's JSON Web Key Set; used instead of jose's own HTTP client when given. */
export type FetchJwks = (url: URL, signal: AbortSignal) => Promise<unknown>;

/** How often the signing keys are fetched. Defaults mirror jose's and suit Entra's key rollover. */
export type JwksCachePolicy = {
  /** Abort a key fetch after this long (default 5 s). */
  timeoutMs?: number;
  /** After a fetch, an unknown `kid` does not trigger another one for this long (default 30 s). */
  cooldownMs?: number;
  /** Refetch keys at least this often (default 10 min). */
  cacheMaxAgeMs?: number;
};

/**
 * Thrown (not returned) when the issuer's keys cannot be loaded: that is an outage of a dependency,
 * not a fault of the caller's token, and maps to 503 rather than 401.
 */
export class AuthenticationUnavailableError extends Error {
  readonly code = 'AuthenticationUnavailable';
  constructor(options?: { cause?: unknown }) {
    super('The signing keys of the token issuer could not be loaded.', options);
    this.name = 'AuthenticationUnavailableError';
  }
}

/** Resolves a JWS header to the issuer's verification key. */
export type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<KeyLike>;

// Failures that describe the token (its kid matches no key, or several) rather than the key source.
const TOKEN_KEY_ERRORS = new Set(['ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS']);

/**
 * Builds the key resolver for `jwksUri`: jose's remote JWK set, or a cached set over `fetchJwks`
 * with the same refresh rules. Key-source failures surface as {@link AuthenticationUnavailableError}.
 */
export function createKeyResolver(jwksUri: string, fetchJwks?: FetchJwks, policy: JwksCachePolicy = {}): KeyResolver {
  const url = new URL(jwksUri);
  const timeoutMs = policy.timeoutMs ?? 5_000;
  const cooldownMs = policy.cooldownMs ?? 30_000;
  const cacheMaxAgeMs = policy.cacheMaxAgeMs ?? 600_000;
  const resolve: KeyResolver = fetchJwks
    ? createFetchedKeySet(url, fetchJwks, { timeoutMs, cooldownMs, cacheMaxAgeMs })
    : createRemoteJWKSet(url, { timeoutDuration: timeoutMs, cooldownDuration: cooldownMs, cacheMaxAge: cacheMaxAgeMs });
  return async (header, token) => {
    try {
      return await resolve(header, token);
    } catch (err) {
      if (TOKEN_KEY_ERRORS.has(errorCode(err))) throw err;
      throw new AuthenticationUnavailableError({ cause: err });
    }
  };
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
}

/** jose's remote-set behaviour (refresh when stale, or on an unknown kid after the cooldown) over an injected loader. */
function createFetchedKeySet(url: URL, fetchJwks: FetchJwks, policy: Required<JwksCachePolicy>): KeyResolver {
  let local: ReturnType<typeof createLocalJWKSet> | undefined;
  let fetchedAt = 0;
  let pending: Promise<void> | undefined;

  const reload = (): Promise<void> =>
    (pending ??= (async () => {
      try {
        const json = await fetchJwks(url, AbortSignal.timeout(policy.timeoutMs));
        local = createLocalJWKSet(json as JSONWebKeySet);
        fetchedAt = Date.now();
      } finally {
        pending = undefined;
      }
    })());

  return async (header, token) => {
    if (!local || Date.now() >= fetchedAt + policy.cacheMaxAgeMs) await reload();
    try {
      return await local!(header, token);
    } catch (err) {
      if (errorCode(err) !== 'ERR_JWKS_NO_MATCHING_KEY' || Date.now() < fetchedAt + policy.cooldownMs) throw err;
      await reload();
      return local!(header, token);
    }
  };
}
