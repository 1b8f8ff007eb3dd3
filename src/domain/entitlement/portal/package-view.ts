import type { AccessPackage } from '../model';
import type { AssignmentPolicy } from '../policy';
import { policiesForAsker, type Asker } from '../requests/applicable-policies';
import type { RequestDeps, RequestUser } from '../requests/ports';
import { rolesOfResource } from '../resources';

/**
 * What the My Access package page shows: the package, what it grants and, for a signed-in
 * visitor, the policies they may request it under. A visitor who has not signed in sees a package
 * only when its catalog is published and externally visible, exactly as an outsider would.
 */
export interface Grant {
  resource: string;
  role: string;
}

export interface PackageView {
  accessPackage: AccessPackage;
  grants: Grant[];
  /** Null for a visitor who has not signed in. */
  policies: AssignmentPolicy[] | null;
}

/** The portal visitor: an address that is a directory user acts as that user, any other as an outsider. */
export async function portalAsker(deps: Pick<RequestDeps, 'people'>, email: string): Promise<{ asker: Asker; user: RequestUser | undefined }> {
  const user = await deps.people.userByEmail(email);
  return { asker: user ? { kind: 'user', userId: user.id } : { kind: 'external', email: email.toLowerCase() }, user };
}

/** Undefined for an unknown package and for any package the visitor may not see (one neutral page). */
export async function packageView(deps: RequestDeps, accessPackageId: string, email: string | undefined): Promise<PackageView | undefined> {
  if (!/^[0-9A-Za-z-]{1,64}$/.test(accessPackageId)) return undefined;
  if (!email) {
    const accessPackage = (await deps.packages.get(accessPackageId))?.value;
    const catalog = accessPackage && (await deps.catalogs.get(accessPackage.catalogId))?.value;
    if (!accessPackage || catalog?.state !== 'published' || !catalog.isExternallyVisible) return undefined;
    return { accessPackage, grants: await grantsOf(deps, accessPackageId), policies: null };
  }
  const found = await policiesForAsker(deps, accessPackageId, (await portalAsker(deps, email)).asker);
  if (!found) return undefined;
  return { accessPackage: found.accessPackage, grants: await grantsOf(deps, accessPackageId), policies: found.policies };
}

/** Resource and role names of everything the package grants, sorted for a stable page. */
export async function grantsOf(deps: Pick<RequestDeps, 'roleScopes' | 'resources' | 'directory'>, accessPackageId: string): Promise<Grant[]> {
  const grants: Grant[] = [];
  for (const scope of await deps.roleScopes.find({ accessPackageId })) {
    const resource = (await deps.resources.get(scope.resourceId))?.value;
    if (!resource) continue;
    const role = (await rolesOfResource(deps, resource)).find((r) => r.originId.toLowerCase() === scope.roleOriginId.toLowerCase());
    grants.push({ resource: resource.displayName, role: role?.displayName ?? scope.roleOriginId });
  }
  return grants.sort((a, b) => a.resource.localeCompare(b.resource) || a.role.localeCompare(b.role));
}
