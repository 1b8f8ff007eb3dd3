/**
 * The composition root's base: settings (read when the app loads, so a bad setting stops start-up
 * with one message naming every bad key), the managed identity, storage clients, instance keys.
 */
import type { TokenCredential } from '@azure/identity';
import { loadSettings, type Settings } from '../config';
import type { HealthDeps } from '../domain/health';
import { createStorageClients, type StorageClients } from '../storage/clients';
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
/** The managed identity in Azure (its client id is the storage identity's). Never built locally. */
export function azureCredential(): TokenCredential {
  const clientId = loadedSettings.AzureWebJobsStorage__clientId;
  // Loaded on first use: the identity library (MSAL) is a large share of start-up and is never needed locally.
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return (credential ??= new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {}));
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
