/** What every HTTP endpoint needs: authentication, the access table, body limits. */
import { isPublicOperation, mayCall } from '../domain/access';
import { Failure } from '../domain/errors';
import { AuthenticationUnavailableError, createTokenVerifier, type TokenVerifier } from '../http/auth';
import type { HttpDeps } from '../http/endpoint';
import { createTableRoleLookup } from '../storage/role-lookup';
import { settings, storage } from './core';
import { userRepository } from './directory';
import { withDirectoryUser } from './sign-in';

let verifier: TokenVerifier | undefined;
function tokenVerifier(): TokenVerifier {
  return (verifier ??= createTokenVerifier({
    issuer: settings().AUTH_ISSUER,
    audience: settings().AUTH_AUDIENCE,
    jwksUri: settings().AUTH_JWKS_URI,
  }));
}

let http: HttpDeps | undefined;
export function httpDeps(): HttpDeps {
  if (http) return http;
  const rolesOf = createTableRoleLookup(storage().table('RoleAssignments'));
  const userTypeOf = async (userId: string) => {
    const stored = await userRepository().get(userId);
    return stored && !stored.user.deletedAt && stored.user.accountEnabled ? stored.user.userType : undefined;
  };
  return (http = {
    maxBodyBytes: settings().HTTP_MAX_BODY_BYTES,
    now: () => new Date(),
    async authenticate(request) {
      let result;
      try {
        result = await tokenVerifier().authenticate(request.headers);
      } catch (error) {
        // The issuer's keys could not be fetched: our outage, not the caller's bad token.
        if (error instanceof AuthenticationUnavailableError) {
          throw new Failure('unavailable', 'Tokens cannot be verified right now. Retry later.', { retryAfterSeconds: 30 });
        }
        throw error;
      }
      if (!result.ok) throw new Failure('unauthenticated', result.error.message);
      // A person's token names them by the issuer's object id; the directory user is found by identity.
      return withDirectoryUser(result.principal);
    },
    authorize: (principal, operationId) => mayCall(principal, operationId, rolesOf, userTypeOf),
    isPublic: isPublicOperation,
  });
}
