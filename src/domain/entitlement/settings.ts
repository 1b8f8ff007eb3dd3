import { checkIfMatch, loadOrSeed, type StoredDocument } from '../policies/document-store';
import { auditEntitlement } from './audit';
import { requireAdministrator, type EntitlementCaller } from './catalog-roles';
import { defaultEntitlementSettings, type EntitlementSettings } from './model';
import type { EntitlementDeps } from './ports';

/** Entitlement management's tenant settings (lifecycle of external users it brought in). */

export async function readEntitlementSettings(deps: Pick<EntitlementDeps, 'settings'>): Promise<EntitlementSettings> {
  return (await loadOrSeed(deps.settings, defaultEntitlementSettings)).value;
}

/** The settings with the ETag they were read with (answered in the ETag header, for `If-Match`). */
export async function readEntitlementSettingsDocument(deps: Pick<EntitlementDeps, 'settings'>): Promise<StoredDocument<EntitlementSettings>> {
  return loadOrSeed(deps.settings, defaultEntitlementSettings);
}

export async function updateEntitlementSettings(deps: EntitlementDeps, caller: EntitlementCaller, patch: Partial<EntitlementSettings>, correlationId: string, ifMatch?: string): Promise<void> {
  requireAdministrator(caller);
  const stored = await loadOrSeed(deps.settings, defaultEntitlementSettings);
  // A client that read the settings may send their ETag: a change made since then is a 412.
  checkIfMatch(ifMatch, stored.etag);
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
