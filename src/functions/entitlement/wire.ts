import { z } from 'zod';
import { caseInsensitiveEnum } from '../../http/case-insensitive-enum';
import { parseDuration } from '../../domain/entitlement/duration';
import type { CatalogRoleAssignment } from '../../domain/entitlement/catalog-roles';
import { catalogScopeId, TENANT_SCOPE } from '../../domain/entitlement/catalog-roles';
import type { AccessPackage, Catalog, CatalogResource, ConnectedOrganization, EntitlementSettings, IdentitySource, ResourceRole, RoleScope } from '../../domain/entitlement/model';

/** Graph wire shapes of entitlement management (bodies in, entities out). */

const displayName = z.string().trim().min(1).max(256);
const description = z.string().max(1024).nullable();
const origin = z.enum(['AadGroup', 'AadApplication']);
// SharePoint Online sites are not directory objects Gatehouse holds; they are refused by name.
const originCi = caseInsensitiveEnum(['AadGroup', 'AadApplication']);

export const idParams = z.object({ id: z.guid() });

/**
 * What Graph's documented bodies repeat from a list of the catalog's resources (ids, display
 * names, `resourceType`): accepted and ignored, since the ids and origins decide everything.
 */
const echoed = z.string().max(1024).nullish();
const echoedResource = { displayName: echoed, description: echoed, originId: echoed, originSystem: echoed, resourceType: echoed };

export const createCatalogBody = z.object({
  displayName,
  description: description.optional(),
  // Only user-managed catalogs can be created; the built-in kinds are Entra's own.
  catalogType: z.literal('userManaged', { error: "only 'userManaged' catalogs can be created" }).optional(),
  state: z.enum(['unpublished', 'published']).optional(),
  isExternallyVisible: z.boolean().optional(),
});
export const updateCatalogBody = z
  .object({
    displayName: displayName.optional(),
    description: description.optional(),
    catalogType: z.literal('userManaged', { error: 'catalogType cannot be changed' }).optional(),
    state: z.enum(['unpublished', 'published']).optional(),
    isExternallyVisible: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'at least one property must be given' });

/**
 * `catalogId` / `accessPackageResource` (the tutorial's spelling, still on the v1.0 pages) are read
 * as `catalog.id` / `resource`.
 */
const legacyNames = (names: Record<string, (value: unknown) => [string, unknown]>) => (raw: unknown): unknown => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [legacy, convert] of Object.entries(names)) {
    if (!(legacy in out)) continue;
    const [name, value] = convert(out[legacy]);
    if (!(name in out)) {
      out[name] = value;
      delete out[legacy];
    }
  }
  return out;
};
const catalogIdAlias = { catalogId: (v: unknown): [string, unknown] => ['catalog', { id: v }] };

export const resourceRequestBody = z.preprocess(
  legacyNames({ ...catalogIdAlias, accessPackageResource: (v) => ['resource', v] }),
  z.object({
    requestType: caseInsensitiveEnum(['adminAdd', 'adminRemove']),
    resource: z.object({ originId: z.guid(), originSystem: originCi, displayName: echoed, description: echoed, resourceType: echoed }),
    catalog: z.object({ id: z.guid() }),
    justification: z.string().max(1024).nullable().optional(),
    catalogId: z.never({ error: "give the catalog once, as 'catalog'" }).optional(),
    accessPackageResource: z.never({ error: "give the resource once, as 'resource'" }).optional(),
  }),
);

export const createPackageBody = z.preprocess(
  legacyNames(catalogIdAlias),
  z.object({
    displayName,
    description: description.optional(),
    isHidden: z.boolean().optional(),
    catalog: z.object({ id: z.guid() }),
    catalogId: z.never({ error: "give the catalog once, as 'catalog'" }).optional(),
  }),
);
export const updatePackageBody = z
  .object({ displayName: displayName.optional(), description: description.optional(), isHidden: z.boolean().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'at least one property must be given' });

export const roleScopeBody = z.object({
  role: z.object({ id: echoed, displayName: echoed, description: echoed, originId: z.string().min(1).max(100), originSystem: originCi, resource: z.object({ id: z.guid(), ...echoedResource }) }),
  scope: z.object({
    id: echoed,
    displayName: echoed,
    description: echoed,
    originId: z.string().min(1).max(100),
    originSystem: originCi,
    isRootScope: z.literal(true, { error: 'only root scopes (the whole resource) are supported' }).optional(),
  }),
});

const identitySource = z
  .discriminatedUnion('@odata.type', [
    z.object({
      '@odata.type': z.literal('#microsoft.graph.domainIdentitySource'),
      domainName: z.string().trim().toLowerCase().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name'),
      displayName: z.string().max(256).default(''),
    }),
    z.object({ '@odata.type': z.literal('#microsoft.graph.azureActiveDirectoryTenant'), tenantId: z.guid(), displayName: z.string().max(256).default('') }),
  ])
  .transform((s): IdentitySource => (s['@odata.type'] === '#microsoft.graph.domainIdentitySource' ? { kind: 'domain', domainName: s.domainName, displayName: s.displayName || s.domainName } : { kind: 'tenant', tenantId: s.tenantId, displayName: s.displayName }));
const identitySources = z
  .array(identitySource)
  .min(1)
  .max(20)
  .refine((list) => new Set(list.map((s) => (s.kind === 'domain' ? s.domainName : s.tenantId))).size === list.length, 'each identity source may be given once');

export const createOrganizationBody = z.object({ displayName, description: description.optional(), state: z.enum(['configured', 'proposed']).optional(), identitySources });
export const updateOrganizationBody = z
  .object({ displayName: displayName.optional(), description: description.optional(), state: z.enum(['configured', 'proposed']).optional(), identitySources: identitySources.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'at least one property must be given' });

export const sponsorParams = z.object({ id: z.guid(), kind: z.enum(['internalSponsors', 'externalSponsors']) });
export const sponsorItemParams = sponsorParams.extend({ userId: z.guid() });

/** `{"@odata.id": "https://…/users/{id}"}` (or `…/directoryObjects/{id}`): the user's id. */
export const userRefBody = z.object({ '@odata.id': z.string().max(2048) }).transform((body, ctx) => {
  const match = /\/(?:users|directoryObjects)\/([0-9a-fA-F-]{36})\/?$/.exec(body['@odata.id']);
  if (!match?.[1]) {
    ctx.addIssue({ code: 'custom', path: ['@odata.id'], message: 'must be the URL of a user' });
    return z.NEVER;
  }
  return { userId: match[1].toLowerCase() };
});

export const settingsBody = z
  .object({
    externalUserLifecycleAction: z.enum(['none', 'blockSignIn', 'blockSignInAndDelete']).optional(),
    durationUntilExternalUserDeletedAfterBlocked: z.string().max(64).refine((t) => parseDuration(t) !== undefined, 'must be an ISO 8601 duration such as P30D').optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'at least one property must be given' });

export const roleAssignmentBody = z.object({ principalId: z.guid(), roleDefinitionId: z.guid(), appScopeId: z.string().min(1).max(200), directoryScopeId: z.literal('/').optional() });

export const catalogWire = (c: Catalog) => ({
  id: c.id,
  displayName: c.displayName,
  description: c.description,
  catalogType: c.catalogType,
  state: c.state,
  isExternallyVisible: c.isExternallyVisible,
  createdDateTime: c.createdAt,
  modifiedDateTime: c.modifiedAt,
});

export const resourceWire = (r: CatalogResource) => ({
  id: r.id,
  displayName: r.displayName,
  description: r.description,
  originId: r.originId,
  originSystem: r.originSystem,
  createdDateTime: r.createdAt,
  // Gatehouse never changes a resource after adding it.
  modifiedDateTime: r.createdAt,
  attributes: [],
});

/** Graph `accessPackageResourceRequest` (the resource as it was when the request was delivered). */
export const resourceRequestWire = (r: { id: string; requestType: string; state: string; createdAt: string; resource: CatalogResource }) => ({
  id: r.id,
  requestType: r.requestType,
  state: r.state,
  createdDateTime: r.createdAt,
  resource: resourceWire(r.resource),
  catalog: { id: r.resource.catalogId },
});

/** The one scope Gatehouse supports on a resource: the whole of it (Graph's root scope, named by the resource's own id). */
export const rootScopeWire = (r: CatalogResource) => ({ id: r.id, displayName: 'Root', description: 'Root Scope', originId: r.originId, originSystem: r.originSystem, isRootScope: true });

export const roleWire = (role: ResourceRole) => ({ id: role.originId, displayName: role.displayName, description: role.description, originId: role.originId, originSystem: role.originSystem });

export const packageWire = (p: AccessPackage) => ({
  id: p.id,
  displayName: p.displayName,
  description: p.description,
  isHidden: p.isHidden,
  createdDateTime: p.createdAt,
  modifiedDateTime: p.modifiedAt,
});

/** A role scope with its role and (Root) scope expanded, as `$expand=role,scope` gives them. */
export const roleScopeWire = (s: RoleScope, resource: CatalogResource | undefined, role: ResourceRole | undefined) => ({
  id: s.id,
  createdDateTime: s.createdAt,
  role: {
    id: s.roleOriginId,
    displayName: role?.displayName ?? null,
    description: role?.description ?? null,
    originId: s.roleOriginId,
    originSystem: s.roleOriginSystem,
    resource: resource ? resourceWire(resource) : { id: s.resourceId },
  },
  scope: { id: s.id, displayName: 'Root', description: 'Root Scope', originId: s.scopeOriginId === 'Root' && resource ? resource.originId : s.scopeOriginId, originSystem: s.scopeOriginSystem, isRootScope: true },
});

export const organizationWire = (o: ConnectedOrganization) => ({
  id: o.id,
  displayName: o.displayName,
  description: o.description,
  state: o.state,
  identitySources: o.identitySources.map((s) =>
    s.kind === 'domain'
      ? { '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: s.domainName, displayName: s.displayName }
      : { '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant', tenantId: s.tenantId, displayName: s.displayName },
  ),
  createdDateTime: o.createdAt,
  modifiedDateTime: o.modifiedAt,
});

export const settingsWire = (s: EntitlementSettings) => ({ id: 'settings', ...s });

export const roleAssignmentWire = (a: CatalogRoleAssignment) => ({
  id: a.id,
  principalId: a.principalId,
  roleDefinitionId: a.roleDefinitionId,
  appScopeId: a.catalogId === TENANT_SCOPE ? TENANT_SCOPE : catalogScopeId(a.catalogId),
  directoryScopeId: '/',
});
