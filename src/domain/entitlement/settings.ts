import { loadOrSeed } from '../policies/document-store';
import { auditEntitlement } from './audit';
import { requireAdministrator, type EntitlementCaller } from './catalog-roles';
import { defaultEntitlementSettings, type EntitlementSettings } from './model';
import type { EntitlementDeps } from './ports';

/** Entitlement management's tenant settings (lifecycle of external users it brought in). */

export async function readEntitlementSettings(deps: Pick<EntitlementDeps, 'settings'>): Promise<EntitlementSettings> {
  return (await loadOrSeed(deps.settings, defaultEntitlementSettings)).value;
}

export async function updateEntitlementSettings(deps: EntitlementDeps, caller: EntitlementCaller, patch: Partial<EntitlementSettings>, correlationId: string): Promise<void> {
  requireAdministrator(caller);
  const stored = await loadOrSeed(deps.settings, defaultEntitlementSettings);
  const after: EntitlementSettings = {
    externalUserLifecycleAction: patch.externalUserLifecycleAction ?? stored.value.externalUserLifecycleAction,
    durationUntilExternalUserDeletedAfterBlocked: patch.durationUntilExternalUserDeletedAfterBlocked ?? stored.value.durationUntilExternalUserDeletedAfterBlocked,
  };
  await deps.settings.replace(after, stored.etag);
  const changed = (['externalUserLifecycleAction', 'durationUntilExternalUserDeletedAfterBlocked'] as const).filter((k) => stored.value[k] !== after[k]);
  await auditEntitlement(
    deps,
    caller,
    'Update entitlement management settings',
    { id: 'entitlementManagementSettings', type: 'Policy', modifiedProperties: changed.map((k) => ({ displayName: k, oldValue: stored.value[k], newValue: after[k] })) },
    correlationId,
  );
}
