/**
 * Entitlement management's entities as the domain sees them (Graph's `accessPackageCatalog`,
 * `accessPackageResource`, `accessPackage`, `accessPackageResourceRoleScope`,
 * `connectedOrganization`, `entitlementManagementSettings`). Wire shapes live in
 * `src/functions/entitlement/wire.ts`.
 */

export type CatalogState = 'unpublished' | 'published';
export type CatalogType = 'userManaged' | 'serviceDefault' | 'serviceManaged';

export interface Catalog {
  id: string;
  displayName: string;
  description: string | null;
  catalogType: CatalogType;
  state: CatalogState;
  isExternallyVisible: boolean;
  createdAt: string;
  modifiedAt: string;
  /** Set while a deletion checks for packages (see `removal.ts`). */
  removingAt?: string | null;
}

export type ResourceOriginSystem = 'AadGroup' | 'AadApplication';

/** A group or an enterprise application added to a catalog. Its id is derived from catalog + origin, so adding twice collides. */
export interface CatalogResource {
  id: string;
  catalogId: string;
  originId: string;
  originSystem: ResourceOriginSystem;
  displayName: string;
  description: string | null;
  createdAt: string;
  /** Set while a removal checks for role scopes (see `removal.ts`). */
  removingAt?: string | null;
}

/** What a resource can grant: group `Member_<id>`/`Owner_<id>`, or an app role id. */
export interface ResourceRole {
  originId: string;
  originSystem: ResourceOriginSystem;
  displayName: string;
  description: string | null;
}

/** A recorded `resourceRequests` entry (Graph `accessPackageResourceRequest`): Gatehouse delivers it at once. */
export interface ResourceRequest {
  id: string;
  catalogId: string;
  requestType: 'adminAdd' | 'adminRemove';
  state: 'delivered';
  resource: CatalogResource;
  createdAt: string;
}

export interface AccessPackage {
  id: string;
  catalogId: string;
  displayName: string;
  description: string | null;
  /** Hidden from the requestor portal's listing only; admins list it and the share link still works. */
  isHidden: boolean;
  createdAt: string;
  modifiedAt: string;
}

/** One resource role an access package grants (scope `Root`: the whole resource). */
export interface RoleScope {
  id: string;
  accessPackageId: string;
  catalogId: string;
  resourceId: string;
  roleOriginId: string;
  roleOriginSystem: ResourceOriginSystem;
  scopeOriginId: string;
  scopeOriginSystem: ResourceOriginSystem;
  createdAt: string;
}

export type IdentitySource =
  | { kind: 'domain'; domainName: string; displayName: string }
  | { kind: 'tenant'; tenantId: string; displayName: string };

export interface ConnectedOrganization {
  id: string;
  displayName: string;
  description: string | null;
  state: 'configured' | 'proposed';
  identitySources: IdentitySource[];
  createdAt: string;
  modifiedAt: string;
}

export type SponsorKind = 'internalSponsors' | 'externalSponsors';

export interface Sponsor {
  id: string;
  connectedOrganizationId: string;
  kind: SponsorKind;
  userId: string;
}

/** The row that makes a domain belong to one connected organization only (id = the lower-cased domain). */
export interface DomainClaim {
  id: string;
  connectedOrganizationId: string;
}

export interface EntitlementSettings {
  externalUserLifecycleAction: 'none' | 'blockSignIn' | 'blockSignInAndDelete';
  /** ISO 8601 duration. */
  durationUntilExternalUserDeletedAfterBlocked: string;
}

export const defaultEntitlementSettings = (): EntitlementSettings => ({
  externalUserLifecycleAction: 'blockSignInAndDelete',
  durationUntilExternalUserDeletedAfterBlocked: 'P30D',
});
