/** Authentication of the HTTP API: bearer tokens from one trusted issuer, mapped to a Principal. */
export {
  createTokenVerifier,
  type AuthenticationError,
  type AuthenticationResult,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier';
export {
  entraAuthorizationUri,
  MAX_TOKEN_LENGTH,
  readBearerToken,
  wwwAuthenticateHeader,
  type BearerChallenge,
  type HeaderSource,
} from './bearer';
export { principalFromClaims } from './claims';
export { AuthenticationUnavailableError, type FetchJwks, type JwksCachePolicy } from './key-set';
