import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { AuditEntry } from '../src/domain/audit';
import type { Assignment, AssignmentRequest } from '../src/domain/entitlement/requests/model';
import { createTableAuditLog } from '../src/storage/audit-log';
import { uniqueAddressesOf, type User } from '../src/domain/users/user';
import { USER_INDEXES, userIndexDocument } from '../src/domain/users/user-indexes';
import { newEntityRows } from '../src/storage/entitlement-collection';
import { assignmentPlan, requestPlan } from '../src/storage/entitlement-plans';
import { newObjectRows } from '../src/storage/indexed-collection';
import { encodeKey } from '../src/storage/keys';
import { forwardPartition, reversePartition } from '../src/storage/membership-rows';
import { ADDRESS_ROW_KEY } from '../src/storage/user-index';
import { toUserRow } from '../src/storage/user-rows';

/**
 * The scale benchmark's loader: writes what the repositories write for a settled user (its row,
 * its address claims, its list-index rows and manifest), its membership (forward and reverse rows,
 * active), its access-package request and assignment (entity rows and index rows), using the
 * storage layer's own row builders. Rows that share a partition (a group's forward rows, the
 * `users` index partition, an entitlement index partition) go in entity-group transactions of up
 * to 100; the rest (one partition per user, per entity) are single upserts, many in flight.
 * Upserts only, so a rerun after a failure converges.
 */
export interface SeedTables {
  users: TableClient;
  addresses: TableClient;
  directoryIndex: TableClient;
  memberships: TableClient;
  requests: TableClient;
  assignments: TableClient;
  audit: TableClient;
}

export interface SeedItem {
  user: User;
  groupId: string | undefined;
  request: AssignmentRequest | undefined;
  assignment: Assignment | undefined;
  audit: AuditEntry | undefined;
}

type Row = { partitionKey: string; rowKey: string } & Record<string, unknown>;

const BATCH = 100;

async function inParallel<T>(items: readonly T[], parallel: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

/** Work units: one upsert, or one transaction of up to 100 upserts in one partition. */
function units(table: TableClient, rows: readonly Row[]): (() => Promise<unknown>)[] {
  const byPartition = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byPartition.get(row.partitionKey);
    if (list) list.push(row);
    else byPartition.set(row.partitionKey, [row]);
  }
  const out: (() => Promise<unknown>)[] = [];
  for (const list of byPartition.values()) {
    if (list.length === 1) {
      out.push(() => table.upsertEntity(list[0]!, 'Replace'));
      continue;
    }
    for (let i = 0; i < list.length; i += BATCH) {
      const actions = list.slice(i, i + BATCH).map((row): TransactionAction => ['upsert', row, 'Replace']);
      out.push(() => table.submitTransaction(actions));
    }
  }
  return out;
}

/** Writes `items` in chunks (index rows first, entities after, as the repositories order them). */
export async function seedItems(tables: SeedTables, items: readonly SeedItem[], at: Date, parallel = 64, onChunk?: (done: number) => void): Promise<void> {
  const CHUNK = 500;
  for (let start = 0; start < items.length; start += CHUNK) {
    const chunk = items.slice(start, start + CHUNK);
    const claims: Row[] = [];
    const listRows: Row[] = [];
    const users: Row[] = [];
    const forward: Row[] = [];
    const reverse: Row[] = [];
    const requestIndex: Row[] = [];
    const requests: Row[] = [];
    const assignmentIndex: Row[] = [];
    const assignments: Row[] = [];
    const audits: AuditEntry[] = [];
    for (const { user, groupId, request, assignment, audit } of chunk) {
      if (audit) audits.push(audit);
      for (const address of uniqueAddressesOf(user)) claims.push({ partitionKey: encodeKey(address.toLowerCase()), rowKey: ADDRESS_ROW_KEY, userId: user.id, claimedAt: at });
      if (!user.deletedAt) listRows.push(...newObjectRows('users', USER_INDEXES, user.id.toLowerCase(), userIndexDocument(user)));
      users.push(toUserRow(user, null, null) as Row);
      if (groupId) {
        forward.push({ partitionKey: forwardPartition(groupId), rowKey: encodeKey(user.id), state: 'active', memberType: 'user', addedAt: at });
        reverse.push({ partitionKey: reversePartition(user.id), rowKey: encodeKey(groupId), state: 'active' });
      }
      if (request) {
        const rows = newEntityRows(request, requestPlan);
        requestIndex.push(...rows.index);
        requests.push(rows.entity as Row);
      }
      if (assignment) {
        const rows = newEntityRows(assignment, assignmentPlan);
        assignmentIndex.push(...rows.index);
        assignments.push(rows.entity as Row);
      }
    }
    // Claims and index rows before the rows they serve; membership reverse rows before forward (the commit point).
    const first = [...units(tables.addresses, claims), ...units(tables.directoryIndex, listRows), ...units(tables.memberships, reverse), ...units(tables.requests, requestIndex), ...units(tables.assignments, assignmentIndex)];
    let t = Date.now();
    await inParallel(first, parallel, (run) => run());
    const firstMs = Date.now() - t;
    t = Date.now();
    const second = [...units(tables.users, users), ...units(tables.memberships, forward), ...units(tables.requests, requests), ...units(tables.assignments, assignments)];
    // Audit entries through the log's own appendAll: each with its pointer and index rows, ten a transaction.
    const log = createTableAuditLog(tables.audit);
    const auditBatches: AuditEntry[][] = [];
    for (let i = 0; i < audits.length; i += 10) auditBatches.push(audits.slice(i, i + 10));
    await inParallel(second, parallel, (run) => run());
    const secondMs = Date.now() - t;
    t = Date.now();
    await inParallel(auditBatches.map((batch) => () => log.appendAll!(batch)), parallel, (run) => run());
    if (process.env['SCALE_SEED_TRACE']) process.stderr.write(`  seed chunk: ${first.length} index/claim writes ${firstMs} ms, ${second.length} entity writes ${secondMs} ms, ${auditBatches.length} audit batches ${Date.now() - t} ms\n`);
    onChunk?.(start + chunk.length);
  }
}
