import type { AuditInitiator } from '../../audit';
import { Failure } from '../../errors';
import { nameBasedId } from '../ids';
import type { ConnectedOrganization } from '../model';
import { domainOf } from './applicable-policies';
import type { AssignmentRequest } from './model';
import type { RequestDeps } from './ports';

/**
 * After an `allExternalUsers` delivery to an address whose domain no connected organization
 * claims, Entra proposes one for that domain. Its id is derived from the domain, so a retry (or
 * two deliveries at once) ends with one organization. Returns the id when this delivery proposed
 * it, null when there was nothing to do (not that scope, no address, the domain already claimed).
 */
export async function ensureProposedOrganization(deps: RequestDeps, request: AssignmentRequest, by: AuditInitiator, correlationId: string): Promise<string | null> {
  if (!request.target.email) return null;
  const policy = (await deps.policies.get(request.assignmentPolicyId))?.value;
  if (policy?.allowedTargetScope !== 'allExternalUsers') return null;
  const domain = domainOf(request.target.email);
  const id = nameBasedId('proposedConnectedOrganization', domain);
  const claim = await deps.domains.get(domain);
  if (claim && claim.value.connectedOrganizationId !== id) return null;
  if (!claim) {
    try {
      await deps.domains.insert({ id: domain, connectedOrganizationId: id }, `The domain '${domain}' already belongs to a connected organization.`);
    } catch (error) {
      if (!(error instanceof Failure && error.code === 'conflict')) throw error;
      if ((await deps.domains.get(domain))?.value.connectedOrganizationId !== id) return null;
    }
  }
  const at = deps.now().toISOString();
  const organization: ConnectedOrganization = {
    id,
    displayName: domain,
    description: 'Proposed by entitlement management when a user from this domain was given access.',
    state: 'proposed',
    identitySources: [{ kind: 'domain', domainName: domain, displayName: domain }],
    createdAt: at,
    modifiedAt: at,
  };
  try {
    await deps.organizations.insert(organization, 'The proposed connected organization already exists.');
  } catch (error) {
    if (error instanceof Failure && error.code === 'conflict') return id;
    throw error;
  }
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName: 'Create connected organization',
    category: 'EntitlementManagement',
    activityAt: deps.now(),
    initiatedBy: by,
    targetResources: [{ id, type: 'Other', displayName: domain }],
    result: 'success',
    correlationId,
  });
  return id;
}
