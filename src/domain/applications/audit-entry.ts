import type { AuditEntry, AuditInitiator, AuditLog, AuditTarget } from '../audit';
import type { Principal } from '../principal';

/** The audit initiator for an API caller. */
export function actorOf(principal: Principal): AuditInitiator {
  return principal.kind === 'user' ? { kind: 'user', id: principal.userId } : { kind: 'app', appId: principal.appId };
}

/** Appends one successful change to the audit log, stamped with the use case's clock and id source. */
export async function auditChange(
  deps: { audit: AuditLog; now(): Date; newId(): string },
  entry: { activity: string; category: AuditEntry['category']; actor: AuditInitiator; targets: AuditTarget[] },
): Promise<void> {
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: entry.activity,
    category: entry.category,
    activityAt: deps.now(),
    initiatedBy: entry.actor,
    targetResources: entry.targets,
    result: 'success',
  });
}
