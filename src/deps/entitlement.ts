/** Entitlement management (issue 6): the admin API's collections, wired to the directory modules. */
import { createTableRoleLookup } from '../storage/role-lookup';
import { createTableDocumentStore } from '../storage/policy-document-store';
import { createEntitlementModule, type EntitlementModule } from '../storage/entitlement-module';
import { entitlementSettingsDoc } from '../storage/entitlement-rows';
import { entitlementPrincipalLifecycle } from '../domain/entitlement/principal-lifecycle';
import { settings, storage } from './core';
import { directoryAudit, groupModule, principalLifecycles, servicePrincipalStore, userRepository } from './directory';

let entitlementParts: EntitlementModule | undefined;
/** What the entitlement-management use cases need, and how a caller is described to them. */
export function entitlementModule(): EntitlementModule {
  return (entitlementParts ??= createEntitlementModule({
    tables: (name) => storage().table(name),
    rolesOf: createTableRoleLookup(storage().table('RoleAssignments')),
    settings: createTableDocumentStore(storage().table('TenantSettings'), 'entitlementManagementSettings', entitlementSettingsDoc),
    directory: {
      user: async (id) => {
        const stored = await userRepository().get(id);
        return stored && !stored.user.deletedAt ? { id: stored.user.id, displayName: stored.user.displayName } : undefined;
      },
      group: async (id) => {
        const group = (await groupModule().deps.groups.get(id))?.value;
        return group && { id: group.id, displayName: group.displayName, description: group.description };
      },
      servicePrincipal: async (id) => (await servicePrincipalStore().get(id))?.value,
    },
    audit: directoryAudit(),
  }));
}

// A purged user's catalog roles and sponsorships go with it.
principalLifecycles.push(entitlementPrincipalLifecycle(() => entitlementModule().deps));
