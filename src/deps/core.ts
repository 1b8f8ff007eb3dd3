/**
 * The composition root's base: settings (read when the app loads, so a bad setting stops start-up
 * with one message naming every bad key), the managed identity, storage clients, instance keys.
 */
import type { TokenCredential } from '@azure/core-auth';
import { loadSettings, type Settings } from '../config';
import type { HealthDeps } from '../domain/health';
import { createStorageClients, type StorageClients } from '../storage/clients';
import { probeStorage } from '../storage/health-probe';
import { createManagedIdentityCredential } from '../storage/managed-identity-credential';
import { loadOrCreateInstanceKey } from '../storage/instance-keys';

/**
 * The composition root: settings are read when the app loads (a bad setting stops start-up with one
 * message naming every bad key); clients are built once per worker, on first use.
 */
const loadedSettings: Settings = loadSettings(process.env);

export function settings(): Settings {
  return loadedSettings;
}

let credential: TokenCredential | undefined;
/**
 * The app's user-assigned managed identity in Azure (the client id the deployment sets for storage),
 * and nothing else: no credential chain that could pick up another identity or a developer sign-in.
 * Never built locally (Azurite and the mail sink use connection strings).
 */
export function azureCredential(): TokenCredential {
  const clientId = loadedSettings.AzureWebJobsStorage__clientId;
  if (!clientId) throw new TypeError('AzureWebJobsStorage__clientId is required with identity-based storage and mail');
  return (credential ??= createManagedIdentityCredential({ clientId, env: process.env }));
}

let storageClients: StorageClients | undefined;
export function storage(): StorageClients {
  return (storageClients ??= createStorageClients(loadedSettings, azureCredential));
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
      // Data-plane reads the app's roles allow (src/storage/health-probe.ts); a storage that hangs
      // must answer "unavailable" quickly, not after the SDK's retries.
      await probeStorage(storage(), AbortSignal.timeout(3_000));
    },
  };
}
