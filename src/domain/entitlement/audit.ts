import type { AuditTarget } from '../audit';
import type { EntitlementCaller } from './catalog-roles';
import type { EntitlementDeps } from './ports';

/** Appends one `EntitlementManagement` audit entry for a change that landed. */
export async function auditEntitlement(
  deps: Pick<EntitlementDeps, 'audit' | 'now' | 'newId'>,
  caller: EntitlementCaller,
  activityDisplayName: string,
  target: AuditTarget,
  correlationId: string,
): Promise<void> {
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName,
    category: 'EntitlementManagement',
    activityAt: deps.now(),
    initiatedBy: caller.kind === 'administrator' ? caller.audit : { kind: 'user', id: caller.userId },
    targetResources: [target],
    result: 'success',
    correlationId,
  });
}
