import { Failure } from '../errors';
import { nameBasedId } from './ids';

/**
 * Graph's entitlement-management role definitions (`/roleManagement/entitlementManagement/
 * roleDefinitions`), with their fixed ids. The four catalog-scoped ones are assigned with
 * `appScopeId: "/AccessPackageCatalog/{catalogId}"`; Catalog creator is tenant-wide (`/`) and is
 * held as a directory role here (see `DIRECTORY_ROLE_TEMPLATE_IDS`).
 */
export const CATALOG_ROLE_IDS = {
  owner: 'ae79f266-94d4-4dab-b730-feca7e132178',
  reader: '44272f93-9762-48e8-af59-1b5351b1d6b3',
  packageManager: '7f480852-ebdc-47d4-87de-0d8498384a83',
  assignmentManager: 'e2182095-804a-4656-ae11-64734e9b7ae5',
  /** Tenant-wide (`appScopeId: "/"`): may create catalogs, and owns what it creates. */
  creator: 'ba92d953-d8e0-4e39-a797-0cbedb0a89e8',
} as const;

/** The catalog id under which tenant-wide (`/`) assignments such as Catalog creator are kept. */
export const TENANT_SCOPE = '/';

export type CatalogRole = keyof typeof CATALOG_ROLE_IDS;

export const CATALOG_ROLE_NAMES: Record<CatalogRole, string> = {
  owner: 'Catalog owner',
  reader: 'Catalog reader',
  packageManager: 'Access package manager',
  assignmentManager: 'Access package assignment manager',
  creator: 'Catalog creator',
};

export function catalogRoleOf(roleDefinitionId: string): CatalogRole | undefined {
  const wanted = roleDefinitionId.toLowerCase();
  return (Object.keys(CATALOG_ROLE_IDS) as CatalogRole[]).find((role) => CATALOG_ROLE_IDS[role] === wanted);
}

/** A stored catalog-scoped role assignment (Graph `unifiedRoleAssignment`). */
export interface CatalogRoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  catalogId: string;
  createdAt: string;
}

/** One principal holds a role in a catalog at most once: the id says which. */
export const catalogRoleAssignmentId = (catalogId: string, roleDefinitionId: string, principalId: string): string =>
  nameBasedId('catalogRole', catalogId, roleDefinitionId, principalId);

export const catalogScopeId = (catalogId: string): string => `/AccessPackageCatalog/${catalogId}`;

/** The catalog id of an `appScopeId` (`/` for the tenant), or undefined when it is neither. */
export function catalogIdOfScope(appScopeId: string): string | undefined {
  if (appScopeId === TENANT_SCOPE) return TENANT_SCOPE;
  const match = /^\/AccessPackageCatalog\/([0-9A-Za-z-]{1,64})$/.exec(appScopeId);
  return match?.[1];
}

/** What the caller may do in catalogs, worked out once per request by the HTTP layer. */
export type EntitlementCaller =
  | { kind: 'administrator'; audit: { kind: 'user'; id: string } | { kind: 'app'; appId: string } }
  | {
      kind: 'user';
      userId: string;
      isCatalogCreator: boolean;
      /** User Administrators may get and send share links of any package (REFERENCE §6), nothing more here. */
      isUserAdministrator?: boolean;
    };

/** What an action in a catalog needs. */
export type CatalogAction = 'read' | 'readPackages' | 'editPackages' | 'editCatalog' | 'assign' | 'shareLink';

const ALLOWED: Record<CatalogAction, readonly CatalogRole[]> = {
  // Readers see the catalog and its packages; assignment managers see packages to assign them.
  read: ['owner', 'reader', 'packageManager', 'assignmentManager'],
  readPackages: ['owner', 'reader', 'packageManager', 'assignmentManager'],
  editPackages: ['owner', 'packageManager'],
  editCatalog: ['owner'],
  // Direct assignments and removals (assignment requests of type adminAdd/adminRemove).
  assign: ['owner', 'packageManager', 'assignmentManager'],
  // The My Access link of a package: those who manage it (User Administrators too, see requireCatalogAccess).
  shareLink: ['owner', 'packageManager'],
};

/** Port: the catalog roles a user holds in one catalog. */
export type CatalogRoleReader = (userId: string, catalogId: string) => Promise<readonly CatalogRole[]>;

/**
 * Refuses the action unless the caller is an administrator (Identity Governance Administrator,
 * Global Administrator or an app with `EntitlementManagement.ReadWrite.All`) or holds a catalog
 * role that allows it in this catalog.
 */
export async function requireCatalogAccess(rolesIn: CatalogRoleReader, caller: EntitlementCaller, catalogId: string, action: CatalogAction): Promise<void> {
  if (caller.kind === 'administrator') return;
  if (action === 'shareLink' && caller.isUserAdministrator) return;
  const held = await rolesIn(caller.userId, catalogId);
  if (held.some((role) => ALLOWED[action].includes(role))) return;
  throw new Failure('accessDenied', 'Insufficient privileges to complete the operation.');
}

/** Refuses anything but an administrator (connected organizations, settings, tenant-wide changes). */
export function requireAdministrator(caller: EntitlementCaller): void {
  if (caller.kind !== 'administrator') throw new Failure('accessDenied', 'Insufficient privileges to complete the operation.');
}
