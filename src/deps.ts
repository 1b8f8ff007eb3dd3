import type { TokenCredential } from '@azure/identity';
import { loadSettings, type Settings } from './config';
import { isPublicOperation, mayCall } from './domain/access';
import { Failure } from './domain/errors';
import type { HealthDeps } from './domain/health';
import { AuthenticationUnavailableError, createTokenVerifier, type TokenVerifier } from './http/auth';
import type { HttpDeps } from './http/endpoint';
import { createStorageClients, type StorageClients } from './storage/clients';
import { loadOrCreateInstanceKey } from './storage/instance-keys';
import { createTableRoleLookup } from './storage/role-lookup';

/**
 * The composition root: settings are read when the app loads (a bad setting stops start-up with one
 * message naming every bad key); clients are built once per worker, on first use.
 */
const loadedSettings: Settings = loadSettings(process.env);

export function settings(): Settings {
  return loadedSettings;
}

let credential: TokenCredential | undefined;
/** The managed identity in Azure (its client id is the storage identity's). Never built locally. */
function azureCredential(): TokenCredential {
  const clientId = loadedSettings.AzureWebJobsStorage__clientId;
  // Loaded on first use: the identity library (MSAL) is a large share of start-up and is never needed locally.
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return (credential ??= new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {}));
}

let storageClients: StorageClients | undefined;
export function storage(): StorageClients {
  return (storageClients ??= createStorageClients(loadedSettings, azureCredential));
}

let verifier: TokenVerifier | undefined;
function tokenVerifier(): TokenVerifier {
  return (verifier ??= createTokenVerifier({
    issuer: loadedSettings.AUTH_ISSUER,
    audience: loadedSettings.AUTH_AUDIENCE,
    jwksUri: loadedSettings.AUTH_JWKS_URI,
  }));
}

let http: HttpDeps | undefined;
export function httpDeps(): HttpDeps {
  if (http) return http;
  const rolesOf = createTableRoleLookup(storage().table('RoleAssignments'));
  return (http = {
    maxBodyBytes: loadedSettings.HTTP_MAX_BODY_BYTES,
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
      return result.principal;
    },
    authorize: (principal, operationId) => mayCall(principal, operationId, rolesOf),
    isPublic: isPublicOperation,
  });
}

let pagingKey: Promise<Uint8Array> | undefined;
/** The key that authenticates `$skiptoken`s, shared by every instance through storage. */
export function skipTokenKey(): Promise<Uint8Array> {
  pagingKey ??= loadOrCreateInstanceKey(storage().table('Settings'), 'skiptoken').catch((error: unknown) => {
    pagingKey = undefined;
    throw error;
  });
  return pagingKey;
}

export function healthDeps(): HealthDeps {
  return {
    async pingStorage() {
      // One cheap authenticated call per service the app cannot work without; a storage that hangs
      // must answer "unavailable" quickly, not after the SDK's retries.
      const abortSignal = AbortSignal.timeout(3_000);
      await Promise.all([
        storage().tableService.listTables({ abortSignal }).byPage({ maxPageSize: 1 }).next(),
        storage().queueService.getProperties({ abortSignal }),
      ]);
    },
  };
}
