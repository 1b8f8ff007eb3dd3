import { Failure, notFound } from '../errors';
import { auditEntitlement } from './audit';
import { requireAdministrator, type EntitlementCaller } from './catalog-roles';
import { nameBasedId } from './ids';
import { confirmParent } from './removal';
import type { ConnectedOrganization, IdentitySource, Sponsor, SponsorKind } from './model';
import type { EntitlementDeps, Versioned } from './ports';

/** Connected organizations: partner organizations by domain or tenant, with their sponsors. Administrators only. */

export interface OrganizationInput {
  displayName: string;
  description?: string | null | undefined;
  state?: 'configured' | 'proposed' | undefined;
  identitySources: IdentitySource[];
}

const domainsOf = (sources: IdentitySource[]): string[] => sources.flatMap((s) => (s.kind === 'domain' ? [s.domainName.toLowerCase()] : []));

export async function requireOrganization(deps: Pick<EntitlementDeps, 'organizations'>, id: string): Promise<Versioned<ConnectedOrganization>> {
  const stored = await deps.organizations.get(id);
  if (!stored) throw notFound('connectedOrganization', id);
  return stored;
}

/** The connected organization a domain belongs to (the portal's lookup for a requestor's address). */
export async function connectedOrganizationForDomain(deps: Pick<EntitlementDeps, 'domains' | 'organizations'>, domain: string): Promise<ConnectedOrganization | undefined> {
  const claim = await deps.domains.get(domain.toLowerCase());
  return claim ? (await deps.organizations.get(claim.value.connectedOrganizationId))?.value : undefined;
}

/** Claims each domain for `organizationId`; a domain another organization holds is a conflict, and what was claimed here is released. */
async function claimDomains(deps: EntitlementDeps, organizationId: string, domains: string[]): Promise<void> {
  const claimed: string[] = [];
  try {
    for (const domain of domains) {
      await deps.domains.insert({ id: domain, connectedOrganizationId: organizationId }, `The domain '${domain}' already belongs to another connected organization.`);
      claimed.push(domain);
    }
  } catch (error) {
    for (const domain of claimed) await deps.domains.remove(domain);
    throw error;
  }
}

export async function createOrganization(deps: EntitlementDeps, caller: EntitlementCaller, input: OrganizationInput, correlationId: string): Promise<ConnectedOrganization> {
  requireAdministrator(caller);
  const at = deps.now().toISOString();
  const organization: ConnectedOrganization = {
    id: deps.newId(),
    displayName: input.displayName,
    description: input.description ?? null,
    state: input.state ?? 'configured',
    identitySources: input.identitySources,
    createdAt: at,
    modifiedAt: at,
  };
  await claimDomains(deps, organization.id, domainsOf(input.identitySources));
  await deps.organizations.insert(organization, 'A connected organization with this id already exists.');
  await auditEntitlement(deps, caller, 'Create connected organization', { id: organization.id, type: 'Other', displayName: organization.displayName }, correlationId);
  return organization;
}

export async function updateOrganization(
  deps: EntitlementDeps,
  caller: EntitlementCaller,
  id: string,
  patch: Partial<OrganizationInput>,
  correlationId: string,
): Promise<void> {
  requireAdministrator(caller);
  const stored = await requireOrganization(deps, id);
  const before = stored.value;
  const after: ConnectedOrganization = {
    ...before,
    displayName: patch.displayName ?? before.displayName,
    description: patch.description === undefined ? before.description : patch.description,
    state: patch.state ?? before.state,
    identitySources: patch.identitySources ?? before.identitySources,
    modifiedAt: deps.now().toISOString(),
  };
  const oldDomains = domainsOf(before.identitySources);
  const newDomains = domainsOf(after.identitySources);
  await claimDomains(deps, id, newDomains.filter((d) => !oldDomains.includes(d)));
  await deps.organizations.replace(after, stored.etag);
  for (const domain of oldDomains.filter((d) => !newDomains.includes(d))) await deps.domains.remove(domain);
  await auditEntitlement(deps, caller, 'Update connected organization', { id, type: 'Other', displayName: after.displayName }, correlationId);
}

export async function deleteOrganization(deps: EntitlementDeps, caller: EntitlementCaller, id: string, correlationId: string): Promise<void> {
  requireAdministrator(caller);
  const stored = await requireOrganization(deps, id);
  await deps.organizations.remove(id, stored.etag);
  for (const domain of domainsOf(stored.value.identitySources)) await deps.domains.remove(domain);
  for (const sponsor of await deps.sponsors.find({ connectedOrganizationId: id })) await deps.sponsors.remove(sponsor.id);
  await auditEntitlement(deps, caller, 'Delete connected organization', { id, type: 'Other', displayName: stored.value.displayName }, correlationId);
}

export async function addSponsor(deps: EntitlementDeps, caller: EntitlementCaller, organizationId: string, kind: SponsorKind, userId: string, correlationId: string): Promise<void> {
  requireAdministrator(caller);
  const organization = await requireOrganization(deps, organizationId);
  if (!(await deps.directory.user(userId))) throw new Failure('notFound', `User '${userId}' does not exist.`, { details: [{ target: '@odata.id', message: 'no such user' }] });
  const sponsor: Sponsor = { id: nameBasedId('sponsor', organizationId, kind, userId), connectedOrganizationId: organizationId, kind, userId };
  await deps.sponsors.insert(sponsor, 'The user is already a sponsor of this connected organization.');
  await confirmParent(deps.organizations, organizationId, deps.now(), () => deps.sponsors.remove(sponsor.id), notFound('connectedOrganization', organizationId));
  await auditEntitlement(deps, caller, `Add ${kind === 'internalSponsors' ? 'internal' : 'external'} sponsor to connected organization`, { id: organizationId, type: 'Other', displayName: organization.value.displayName }, correlationId);
}

export async function listSponsors(deps: EntitlementDeps, caller: EntitlementCaller, organizationId: string, kind: SponsorKind): Promise<string[]> {
  requireAdministrator(caller);
  await requireOrganization(deps, organizationId);
  return (await deps.sponsors.find({ connectedOrganizationId: organizationId })).filter((s) => s.kind === kind).map((s) => s.userId);
}

export async function removeSponsor(deps: EntitlementDeps, caller: EntitlementCaller, organizationId: string, kind: SponsorKind, userId: string, correlationId: string): Promise<void> {
  requireAdministrator(caller);
  const organization = await requireOrganization(deps, organizationId);
  const id = nameBasedId('sponsor', organizationId, kind, userId);
  const stored = await deps.sponsors.get(id);
  if (!stored) throw notFound('sponsor', userId);
  await deps.sponsors.remove(id, stored.etag);
  await auditEntitlement(deps, caller, `Remove ${kind === 'internalSponsors' ? 'internal' : 'external'} sponsor from connected organization`, { id: organizationId, type: 'Other', displayName: organization.value.displayName }, correlationId);
}
