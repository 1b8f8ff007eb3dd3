import type { PrincipalLifecycle } from '../directory/ports';
import type { EntitlementDeps } from './ports';

/**
 * What entitlement management does when a user goes. A soft-deleted user keeps its catalog roles
 * and sponsorships for a restore; it cannot use them meanwhile, since the access table admits only
 * live users. A purged user's roles and sponsorships are removed for good. Idempotent.
 */
export function entitlementPrincipalLifecycle(deps: () => Pick<EntitlementDeps, 'roleAssignments' | 'sponsors'>): PrincipalLifecycle {
  return {
    principalDeleted: async () => undefined,
    principalRestored: async () => undefined,
    async principalPurged(principalId) {
      const d = deps();
      for (const assignment of await d.roleAssignments.find({ principalId })) await d.roleAssignments.remove(assignment.id);
      for (const sponsor of await d.sponsors.find({ userId: principalId })) await d.sponsors.remove(sponsor.id);
    },
  };
}
