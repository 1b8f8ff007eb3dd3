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

/** Equality on index names (or, after the first, plain properties), compared case-insensitively. */
export type Where = Readonly<Record<string, string | undefined>>;

/** Where a page of a collection starts and how long it is. */
export interface PageRequest {
  top: number;
  /** The storage's continuation from the previous page; undefined for the first. */
  continuation?: string | undefined;
}

/** One page; `continuation` is undefined on the last. A page may hold fewer than `top` items. */
export interface Page<T> {
  items: T[];
  continuation?: string | undefined;
}

/**
 * Port: one kind of entity kept by id, with index rows written with each entity so lists and
 * filters read one index range instead of the table. `insert` fails with `conflict` when the id
 * exists (ids of things that must be unique are derived from what makes them unique);
 * `replace`/`remove` fail with `preconditionFailed` on a stale ETag; `replace` returns the new
 * ETag. `where` names an index first (`{}` is the index of every entity); the order is the
 * collection's own (by display name, or newest first).
 */
export interface Collection<T extends { id: string }> {
  get(id: string): Promise<Versioned<T> | undefined>;
  /**
   * Every entity in one index key, for sets that one thing bounds (the policies of a package,
   * a user's requests); `where` must name an index.
   */
  find(where: Where): Promise<T[]>;
  /** One page of the entities matching `where`, in the collection's order. */
  page(where: Where, request: PageRequest): Promise<Page<T>>;
  /** How many entities an index key holds (`{}`: all), from the index rows. */
  count(where: Where): Promise<number>;
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

/**
 * Where one list reads: each source in turn, page by page, to its end; `keep` drops what an
 * earlier source already gave (a user's own requests read first, then those of their catalogs).
 */
export interface ListSource<T extends { id: string }> {
  collection: Collection<T>;
  where: Where;
  keep?: (item: T) => boolean;
}
