import { referencedResource, resourcesOfType } from '../bicep/facts';
import { evaluate, valueAt } from '../bicep/model';
import { where } from '../bicep/parse';
import { loadInfra, violation, type Violation } from './violation';

/** A built-in role the app's identity may hold, the only resource type it may be scoped to, and why. */
export interface AllowedRole {
  name: string;
  scopeType: string;
  neededBy: string;
}

/**
 * Every role the identity may hold, keyed by role definition id, each tied to the code path that
 * needs it. Each must be assigned exactly once, on a resource of `scopeType` (never a resource
 * group or subscription).
 */
export const ALLOWED_ROLES: Readonly<Record<string, AllowedRole>> = {
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': {
    name: 'Storage Blob Data Owner',
    scopeType: 'Microsoft.Storage/storageAccounts',
    neededBy: 'Functions host on AzureWebJobsStorage (blob leases, timer locks) and the Flex Consumption package download',
  },
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88': {
    name: 'Storage Queue Data Contributor',
    scopeType: 'Microsoft.Storage/storageAccounts',
    neededBy: 'mail outbox: src/email enqueues, the queue trigger receives, the host writes -poison queues',
  },
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3': {
    name: 'Storage Table Data Contributor',
    scopeType: 'Microsoft.Storage/storageAccounts',
    neededBy: 'the directory: table repositories in src/storage',
  },
  '3913510d-42f4-4e42-8a64-420c390055eb': {
    name: 'Monitoring Metrics Publisher',
    scopeType: 'Microsoft.Insights/components',
    neededBy: 'Functions host telemetry with Entra auth (DisableLocalAuth on Application Insights)',
  },
  '09976791-48a7-449e-bb21-39d1a415f350': {
    name: 'Communication and Email Service Owner',
    scopeType: 'Microsoft.Communication/communicationServices',
    neededBy: 'src/email ACS sender (EmailClient with the managed identity); no narrower built-in role exists',
  },
};

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Exactly one user-assigned identity; the Function App runs as it alone; it holds exactly the
 * allowlisted roles, each once and on the resource type the allowlist names.
 */
export async function checkRoleAssignments(dir: string): Promise<Violation[]> {
  const { decls } = await loadInfra(dir);
  const out: Violation[] = [];

  const identities = resourcesOfType(decls, 'Microsoft.ManagedIdentity/userAssignedIdentities');
  if (identities.length !== 1) out.push(violation('role-assignments', dir, `expected exactly one user-assigned identity, found ${identities.length}`));
  for (const site of resourcesOfType(decls, 'Microsoft.Web/sites')) {
    const d = decls.find((x) => x.file === site.file)!;
    const type = evaluate(valueAt(site.body, 'identity.type'), d, new Map());
    if (type !== 'UserAssigned') out.push(violation('role-assignments', where(site.file, site.node), `${site.symbol}: identity.type must be 'UserAssigned' (is ${String(type)})`));
  }

  const assigned = new Map<string, number>();
  for (const ra of resourcesOfType(decls, 'Microsoft.Authorization/roleAssignments')) {
    const d = decls.find((x) => x.file === ra.file)!;
    const at = where(ra.file, ra.node);
    for (const locals of ra.instances) {
      const id = evaluate(valueAt(ra.body, 'properties.roleDefinitionId'), d, locals);
      const guid = typeof id === 'string' ? GUID.exec(id)?.[0]?.toLowerCase() : undefined;
      if (!guid) {
        out.push(violation('role-assignments', at, `${ra.symbol}: role definition id is not a literal GUID`));
        continue;
      }
      const allowed = ALLOWED_ROLES[guid];
      if (!allowed) {
        out.push(violation('role-assignments', at, `${ra.symbol}: role ${guid} is not needed by any code path`));
        continue;
      }
      assigned.set(guid, (assigned.get(guid) ?? 0) + 1);
      const scope = referencedResource(d, valueAt(ra.body, 'scope'));
      if (scope?.type !== allowed.scopeType) {
        out.push(violation('role-assignments', at, `${ra.symbol}: ${allowed.name} must be scoped to a ${allowed.scopeType} resource (is ${scope?.type ?? 'the deployment scope'})`));
      }
      if (evaluate(valueAt(ra.body, 'properties.principalType'), d, locals) !== 'ServicePrincipal') {
        out.push(violation('role-assignments', at, `${ra.symbol}: principalType must be 'ServicePrincipal' (a managed identity)`));
      }
    }
  }
  for (const [guid, role] of Object.entries(ALLOWED_ROLES)) {
    const count = assigned.get(guid) ?? 0;
    if (count !== 1) out.push(violation('role-assignments', dir, `${role.name} is assigned ${count} times; ${role.neededBy} needs it exactly once`));
  }
  return out;
}
