import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { planSigningKeys, type SigningKeyInfo } from '../domain/sign-in/signing-keys';
import { deleteRow, jsonColumn, listAllRows } from './table-kit';

/**
 * The OpenID provider's RS256 signing keys in table `SigningKeys` (partition `oidc`, RowKey = kid):
 * the private JWK and when it signs. Read by every instance, so all sign with the same key and
 * publish the same set. Storage encrypts them at rest and only the app's managed identity can read
 * the table (see infra/modules/storage.bicep).
 */
const PARTITION = 'oidc';
const keyRow = z.object({ rowKey: z.string(), jwk: z.string(), createdAt: z.string(), activatesAt: z.string() });

export type PrivateJwk = Record<string, unknown> & { kid: string };

export interface SigningKeySet {
  /** Private JWKs in publishing order: the signing key first. */
  keys: PrivateJwk[];
  /** Changes whenever the set changes (to rebuild the provider). */
  version: string;
}

/** Loads the keys, making the first or the next key and dropping retired ones as the plan says. */
export async function loadSigningKeys(table: TableClient, now: Date): Promise<SigningKeySet> {
  const read = async () => {
    const rows = await listAllRows(table, keyRow, 'signing key', `PartitionKey eq '${PARTITION}'`, 100);
    return new Map(rows.map((r) => [r.rowKey, r]));
  };
  let rows = await read();
  const info = (): SigningKeyInfo[] => [...rows.values()].map((r) => ({ kid: r.rowKey, createdAt: new Date(r.createdAt), activatesAt: new Date(r.activatesAt) }));
  let plan = planSigningKeys(info(), now);
  if (plan.create.length > 0 || plan.retire.length > 0) {
    for (const activatesAt of plan.create) {
      const kid = randomUUID();
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
      // Instances racing at first start may each add a key; the plan then simply has one more to publish.
      await table.createEntity({ partitionKey: PARTITION, rowKey: kid, jwk: jsonColumn.write(jwk), createdAt: now.toISOString(), activatesAt: activatesAt.toISOString() });
    }
    for (const old of plan.retire) await deleteRow(table, PARTITION, old.kid);
    rows = await read();
    plan = planSigningKeys(info(), now);
  }
  const keys = plan.published.map((k) => jsonColumn.read(rows.get(k.kid)?.jwk) as PrivateJwk);
  return { keys, version: plan.published.map((k) => k.kid).join(',') };
}
