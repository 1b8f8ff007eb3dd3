import { jwtVerify } from 'jose';
import type { Principal } from '../../domain/principal';
import { readBearerToken, type HeaderSource } from './bearer';
import { principalFromClaims } from './claims';
import { AuthenticationUnavailableError, createKeyResolver, type FetchJwks, type JwksCachePolicy } from './key-set';

/** Why a request is not authenticated. The message is the same whatever check failed. */
export type AuthenticationError = {
  code: 'InvalidAuthenticationToken';
  message: string;
  /** False when no bearer token was sent at all (the 401 challenge then carries no error code). */
  tokenPresented: boolean;
};

/** The outcome of verifying a token: the caller, or a 401-worthy error. */
export type AuthenticationResult = { ok: true; principal: Principal } | { ok: false; error: AuthenticationError };

/** Settings of {@link createTokenVerifier}. */
export type TokenVerifierOptions = {
  /** Expected `iss`, exactly (AUTH_ISSUER). */
  issuer: string;
  /** Accepted `aud` values (AUTH_AUDIENCE): the API's client id and/or application id URI. */
  audience: string | readonly string[];
  /** The issuer's JWKS (AUTH_JWKS_URI). */
  jwksUri: string;
  /** Allowed clock skew for `exp` and `nbf`, in seconds (default 60). */
  clockToleranceSeconds?: number;
  /** Asymmetric signature algorithms accepted (default RS256, what Entra signs with). */
  algorithms?: readonly string[];
  /** Loads the JWKS instead of jose's built-in HTTP client (tests, custom transports). */
  fetchJwks?: FetchJwks;
  /** Key fetch timeout, cooldown and cache age. */
  jwks?: JwksCachePolicy;
  /** The clock; defaults to the system clock. */
  now?: () => Date;
};

/** Verifies bearer tokens for the HTTP API. */
export type TokenVerifier = {
  /** Verifies a compact JWT. Throws {@link AuthenticationUnavailableError} when the keys cannot be loaded. */
  verify(token: string): Promise<AuthenticationResult>;
  /** Reads `Authorization: Bearer …` and verifies it; a missing or malformed header is a failure too. */
  authenticate(headers: HeaderSource): Promise<AuthenticationResult>;
};

const EMPTY = 'Access token is empty.';
const INVALID = 'Access token validation failure.';
const SYMMETRIC_OR_NONE = /^(HS\d+|none)$/i;

/** Builds a verifier that trusts one issuer, one audience set and the issuer's published keys. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const algorithms = [...(options.algorithms ?? ['RS256'])];
  // Misuse, not data: a shared-secret or unsigned algorithm would let anyone holding the public JWKS mint tokens.
  if (algorithms.length === 0 || algorithms.some((a) => SYMMETRIC_OR_NONE.test(a))) {
    throw new TypeError('algorithms must list asymmetric JWS algorithms only');
  }
  const clockTolerance = options.clockToleranceSeconds ?? 60;
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0) throw new TypeError('clockToleranceSeconds must be >= 0');
  const audience = typeof options.audience === 'string' ? options.audience : [...options.audience];
  const keys = createKeyResolver(options.jwksUri, options.fetchJwks, options.jwks);
  const now = options.now ?? (() => new Date());

  async function verify(token: string): Promise<AuthenticationResult> {
    if (token.length === 0) return failure(EMPTY, false);
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience,
        algorithms,
        clockTolerance,
        requiredClaims: ['exp'],
        currentDate: now(),
      });
      const principal = principalFromClaims(payload as Record<string, unknown>);
      return principal ? { ok: true, principal } : failure(INVALID, true);
    } catch (err) {
      if (err instanceof AuthenticationUnavailableError) throw err;
      // Every other failure is the token's: one neutral answer, so probing learns nothing.
      return failure(INVALID, true);
    }
  }

  return {
    verify,
    async authenticate(headers) {
      const token = readBearerToken(headers);
      if (token !== undefined) return verify(token);
      const presented = (headers.get('authorization') ?? '').replace(/^\s*bearer\b/i, '').trim() !== '';
      return failure(presented ? INVALID : EMPTY, presented);
    },
  };
}

function failure(message: string, tokenPresented: boolean): AuthenticationResult {
  return { ok: false, error: { code: 'InvalidAuthenticationToken', message, tokenPresented } };
}
