/** Anything with a case-insensitive `get`, such as the Fetch `Headers` of an Azure Functions request. */
export type HeaderSource = { get(name: string): string | null };

/** Tokens longer than this are refused before any parsing (Entra tokens are a few KiB). */
export const MAX_TOKEN_LENGTH = 16_384;

// RFC 6750 §2.1: "Bearer" 1*SP b64token, the scheme case-insensitive.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The bearer token of an `Authorization` header, or undefined when it is missing or malformed. */
export function readBearerToken(headers: HeaderSource): string | undefined {
  const value = headers.get('authorization');
  if (value === null || value.length > MAX_TOKEN_LENGTH + 16) return undefined;
  const token = BEARER.exec(value)?.[1];
  return token !== undefined && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

/** What a 401 challenge tells the client. */
export type BearerChallenge = {
  /** Where the client obtains tokens, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/authorize. */
  authorizationUri?: string;
  /** The API's application (client) id or id URI, as Graph names its own app id. */
  clientId?: string;
  /**
   * True when the request carried a token that was refused: adds `error="invalid_token"`.
   * RFC 6750 §3.1 says a request without credentials gets no error code.
   */
  tokenPresented?: boolean;
};

/**
 * The `WWW-Authenticate` value for a 401, shaped like Microsoft Graph's
 * (`Bearer realm="", authorization_uri="…", client_id="…"`) plus the RFC 6750 error code.
 */
export function wwwAuthenticateHeader(challenge: BearerChallenge = {}): string {
  const params: [string, string][] = [['realm', '']];
  if (challenge.authorizationUri) params.push(['authorization_uri', challenge.authorizationUri]);
  if (challenge.clientId) params.push(['client_id', challenge.clientId]);
  if (challenge.tokenPresented) params.push(['error', 'invalid_token']);
  return `Bearer ${params.map(([k, v]) => `${k}="${quoted(v)}"`).join(', ')}`;
}

/**
 * Entra's authorize endpoint for a v2.0 issuer (`https://login.microsoftonline.com/<tenant>/v2.0`),
 * or undefined for other issuers, which publish theirs in their OpenID metadata.
 */
export function entraAuthorizationUri(issuer: string): string | undefined {
  const match = /^(https:\/\/[^/]+\/[^/]+)\/v2\.0\/?$/.exec(issuer);
  return match ? `${match[1]}/oauth2/v2.0/authorize` : undefined;
}

// Settings feed these values; keep a stray quote or control character from breaking the header.
function quoted(value: string): string {
  return value.replace(/[\\"]/g, '\\$&').replace(/[\u0000-\u001f\u007f]/g, '');
}
