import type { AuditLog } from '../audit';
import type { DocumentStore } from '../policies/document-store';
import type { AppRole } from '../applications/service-principal';
import type { CatalogRoleAssignment } from './catalog-roles';
import type { AccessPackage, Catalog, CatalogResource, ConnectedOrganization, DomainClaim, EntitlementSettings, ResourceRequest, RoleScope, Sponsor } from './model';
import type { AssignmentPolicy } from './policy';

/** An entity with the ETag it was read with. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/**
 * Port: one kind of entity kept by id. `insert` fails with `conflict` when the id exists (ids of
 * things that must be unique are derived from what makes them unique); `replace`/`remove` fail
 * with `preconditionFailed` on a stale ETag; `replace` returns the new ETag. `find` matches indexed columns by equality and is
 * bounded: entitlement collections are administrative and small.
 */
export interface Collection<T extends { id: string }> {
  get(id: string): Promise<Versioned<T> | undefined>;
  find(where: Partial<Record<keyof T & string, string>>): Promise<T[]>;
  insert(value: T, conflictMessage: string): Promise<void>;
  replace(value: T, etag: string): Promise<string>;
  remove(id: string, etag?: string): Promise<void>;
}

/**
 * Port: whether a package has assignments that are not over yet (any state but `expired`); read
 * from the `AccessPackageAssignments` table that delivery writes.
 */
export interface AssignmentCounter {
  hasActiveAssignments(accessPackageId: string): Promise<boolean>;
}

/** Port: the directory objects entitlement management refers to. */
export interface EntitlementDirectory {
  user(id: string): Promise<{ id: string; displayName: string | null } | undefined>;
  group(id: string): Promise<{ id: string; displayName: string; description: string | null } | undefined>;
  servicePrincipal(id: string): Promise<{ id: string; displayName: string; appRoles: AppRole[] } | undefined>;
}

/** Everything the entitlement-management admin use cases need. */
export interface EntitlementDeps {
  catalogs: Collection<Catalog>;
  resources: Collection<CatalogResource>;
  /** The resource requests, as recorded when delivered (read back by `GET resourceRequests`). */
  resourceRequests: Collection<ResourceRequest>;
  packages: Collection<AccessPackage>;
  roleScopes: Collection<RoleScope>;
  policies: Collection<AssignmentPolicy>;
  organizations: Collection<ConnectedOrganization>;
  sponsors: Collection<Sponsor>;
  domains: Collection<DomainClaim>;
  roleAssignments: Collection<CatalogRoleAssignment>;
  settings: DocumentStore<EntitlementSettings>;
  assignments: AssignmentCounter;
  directory: EntitlementDirectory;
  audit: AuditLog;
  now(): Date;
  newId(): string;
}
