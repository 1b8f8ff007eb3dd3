import { evaluate, valueAt } from '../bicep/model';
import { where } from '../bicep/parse';
import { resourcesOfType } from '../bicep/facts';
import { loadInfra, violation, type Violation } from './violation';

/** Literal values every storage account must declare (omitting one means Azure's looser default). */
export const STORAGE_REQUIREMENTS: Record<string, string | boolean> = {
  allowSharedKeyAccess: false,
  minimumTlsVersion: 'TLS1_2',
  supportsHttpsTrafficOnly: true,
  allowBlobPublicAccess: false,
};

/** Storage accounts disable shared keys, require TLS 1.2 and HTTPS, and expose no public blobs. */
export async function checkStorageHardening(dir: string): Promise<Violation[]> {
  const { decls } = await loadInfra(dir);
  const out: Violation[] = [];
  const accounts = resourcesOfType(decls, 'Microsoft.Storage/storageAccounts');
  if (accounts.length === 0) out.push(violation('storage-hardening', dir, 'no storage account is declared'));
  for (const account of accounts) {
    const d = decls.find((x) => x.file === account.file)!;
    for (const [key, expected] of Object.entries(STORAGE_REQUIREMENTS)) {
      const node = valueAt(account.body, `properties.${key}`);
      const actual = evaluate(node, d, new Map());
      if (actual !== expected) {
        const shown = node ? node.text : 'not set';
        out.push(violation('storage-hardening', where(account.file, node ?? account.node), `${account.symbol}: properties.${key} must be ${JSON.stringify(expected)} (is ${shown})`));
      }
    }
  }
  for (const container of resourcesOfType(decls, 'Microsoft.Storage/storageAccounts/blobServices/containers')) {
    const d = decls.find((x) => x.file === container.file)!;
    const node = valueAt(container.body, 'properties.publicAccess');
    const access = node ? evaluate(node, d, new Map()) : 'None';
    if (access !== 'None') out.push(violation('storage-hardening', where(container.file, node ?? container.node), `${container.symbol}: container publicAccess must be None`));
  }
  return out;
}
