/** Entitlement management (issue 6): the admin API's collections, wired to the directory modules. */
import { createTableRoleLookup } from '../storage/role-lookup';
import { createTableDocumentStore } from '../storage/policy-document-store';
import { createEntitlementModule, type EntitlementModule } from '../storage/entitlement-module';
import { entitlementSettingsDoc } from '../storage/entitlement-rows';
import { entitlementPrincipalLifecycle } from '../domain/entitlement/principal-lifecycle';
import { settings, storage } from './core';
import { applicationDeps, currentOrganization, directoryAudit, groupModule, principalLifecycles, servicePrincipalStore, userDeps, userRepository } from './directory';
import { myAccessPortalUrl } from '../config';
import type { RequestDeps } from '../domain/entitlement/requests/ports';
import type { AuditEntry } from '../domain/audit';
import { createTableRequestCollections } from '../storage/entitlement-tables';
import { createEntitlementReindexers, reindexEntitlementTables } from '../storage/entitlement-reindex';
import { createTableDueIndex } from '../storage/entitlement-schedule';
import { createOutboxEntitlementMail } from '../storage/entitlement-mail';
import { createEntitlementGrants } from '../storage/entitlement-grants';
import { createRequestDirectory } from '../storage/entitlement-people';
import { createTableRateLimiter } from '../storage/rate-limiter';
import { invitationModule } from './invitations';

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

let requestParts: RequestDeps | undefined;
/**
 * What the request side (requests, approvals, delivery, expiry, the My Access portal) needs: the
 * admin API's deps plus requests, assignments, the due index, mail, directory changes and reads.
 */
export function requestDeps(): RequestDeps {
  if (requestParts) return requestParts;
  const base = entitlementModule().deps;
  const portalBaseUrl = myAccessPortalUrl(settings());
  return (requestParts = {
    ...base,
    audit: alertOnFailedDelivery(base.audit),
    ...createTableRequestCollections((name) => storage().table(name)),
    schedule: createTableDueIndex(storage().table('EntitlementSchedule')),
    mail: createOutboxEntitlementMail({ table: storage().table('MailOutbox'), queue: (name) => storage().queue(name), now: () => new Date() }),
    grants: createEntitlementGrants({
      invitations: () => invitationModule().deps,
      groups: () => groupModule().deps,
      applications: applicationDeps,
      users: userDeps,
      resources: () => base.resources,
      portalBaseUrl,
      senderAddress: settings().EMAIL_SENDER_ADDRESS,
    }),
    people: createRequestDirectory({ users: userRepository, groups: () => groupModule().deps.groups, memberships: () => groupModule().deps.memberships }),
    site: {
      async organization() {
        const org = await currentOrganization();
        const initial = org.verifiedDomains.find((d) => d.isInitial) ?? org.verifiedDomains[0];
        const defaultDomain = org.verifiedDomains.find((d) => d.isDefault) ?? initial;
        return { displayName: org.displayName, defaultDomain: defaultDomain?.name ?? '', initialDomain: initial?.name ?? '', tenantId: org.id, preferredLanguage: org.preferredLanguage, privacyStatementUrl: org.privacyProfile.statementUrl, privacyContactEmail: org.privacyProfile.contactEmail };
      },
      portalBaseUrl,
    },
    limiter: createTableRateLimiter(storage().table('RateLimits')),
  });
}

/**
 * A delivery that ends in `deliveryFailed` is audited like any other outcome; it also goes to the
 * log as `accessPackageRequestDeliveryFailed` (ids only), which the `delivery-failed` alert in
 * infra/modules/alerts.bicep counts. The composition root has no invocation context, so it uses the
 * console, which the Functions worker forwards to Application Insights as traces.
 */
function alertOnFailedDelivery(audit: RequestDeps['audit']): RequestDeps['audit'] {
  const report = (entry: AuditEntry) => {
    if (entry.activityDisplayName === 'Deliver access package assignment' && entry.result === 'failure') {
      console.warn('accessPackageRequestDeliveryFailed', { requestId: entry.targetResources[0]?.id, correlationId: entry.correlationId });
    }
  };
  return {
    ...audit,
    async append(entry) {
      await audit.append(entry);
      report(entry);
    },
    ...(audit.appendAll && {
      async appendAll(entries: readonly AuditEntry[]) {
        await audit.appendAll!(entries);
        entries.forEach(report);
      },
    }),
  };
}

/** Writes missing index rows of entitlement entities, at most `maxPages` storage pages (see `entitlement-reindex.ts`). */
export const reindexEntitlementCollections = (maxPages: number) => reindexEntitlementTables(createEntitlementReindexers((name) => storage().table(name)), maxPages);
