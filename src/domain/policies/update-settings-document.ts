import type { AuditEntry, AuditInitiator, AuditLog, AuditTarget } from '../audit';
import { checkIfMatch, loadOrSeed, modifiedProperties, type DocumentStore, type StoredDocument } from './document-store';

export interface SettingsChangeDeps {
  audit: AuditLog;
  now(): Date;
  newId(): string;
}

export interface SettingsChange<T> {
  store: DocumentStore<T>;
  seed: () => T;
  /** The new document from the current one; throws a Failure for invalid input. */
  apply(current: T): T;
  ifMatch?: string | undefined;
  initiatedBy: AuditInitiator;
  correlationId?: string | undefined;
  activity: string;
  category: AuditEntry['category'];
  target: Pick<AuditTarget, 'id' | 'type' | 'displayName'>;
}

/**
 * Read-modify-write of one settings document (organization, policy): seeded on first use, guarded
 * by the ETag read (and the client's `If-Match`), audited with old and new values. A concurrent
 * change makes it a `preconditionFailed`, never a lost update. An unchanged document is not
 * written nor audited.
 */
export async function updateSettingsDocument<T extends object>(deps: SettingsChangeDeps, change: SettingsChange<T>): Promise<StoredDocument<T>> {
  const current = await loadOrSeed(change.store, change.seed);
  checkIfMatch(change.ifMatch, current.etag);
  const next = change.apply(current.value);
  const modified = modifiedProperties(current.value, next);
  if (modified.length === 0) return current;
  const written = await change.store.replace(next, current.etag);
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: change.activity,
    category: change.category,
    activityAt: deps.now(),
    initiatedBy: change.initiatedBy,
    targetResources: [{ ...change.target, modifiedProperties: modified }],
    result: 'success',
    correlationId: change.correlationId,
  });
  return written;
}
