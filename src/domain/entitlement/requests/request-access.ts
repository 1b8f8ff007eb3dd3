import type { AuditInitiator } from '../../audit';
import { Failure } from '../../errors';
import { catalogRoleOf, requireCatalogAccess, type CatalogAction, type CatalogRole, type CatalogRoleReader, type EntitlementCaller } from '../catalog-roles';
import type { AssignmentRequest, Requestor } from './model';
import type { RequestDeps } from './ports';

/** Who may act on requests and assignments, and how their changes are audited. */

/** The catalog roles a user holds, read from the stored role assignments. */
export const catalogRolesOf =
  (deps: Pick<RequestDeps, 'roleAssignments'>): CatalogRoleReader =>
  async (userId, catalogId) =>
    (await deps.roleAssignments.find({ principalId: userId, catalogId })).map((a) => catalogRoleOf(a.roleDefinitionId)).filter((r): r is CatalogRole => r !== undefined);

/** Whether the caller may take `action` in the catalog (administrators always may). */
export async function mayInCatalog(deps: Pick<RequestDeps, 'roleAssignments'>, caller: EntitlementCaller | null, catalogId: string, action: CatalogAction): Promise<boolean> {
  if (!caller) return false;
  try {
    await requireCatalogAccess(catalogRolesOf(deps), caller, catalogId, action);
    return true;
  } catch (error) {
    if (error instanceof Failure && error.code === 'accessDenied') return false;
    throw error;
  }
}

/** The catalogs in which the user holds any role (their requests and assignments are readable). */
export async function catalogsOf(deps: Pick<RequestDeps, 'roleAssignments'>, userId: string): Promise<Set<string>> {
  return new Set((await deps.roleAssignments.find({ principalId: userId })).map((a) => a.catalogId));
}

export function initiatorOf(requestor: Requestor): AuditInitiator {
  switch (requestor.kind) {
    case 'user':
      return { kind: 'user', id: requestor.userId };
    case 'app':
      return { kind: 'app', appId: requestor.appId };
    case 'external':
      // A portal session is no directory principal yet: the system acts on its verified address.
      return { kind: 'system', name: `My Access (${requestor.email})` };
    case 'system':
      return { kind: 'system', name: requestor.name };
  }
}

/** True when `requestor` is the request's requestor or its target (same user, or same address). */
export function isOwnRequest(request: AssignmentRequest, requestor: Requestor): boolean {
  if (requestor.kind === 'user') {
    const id = requestor.userId.toLowerCase();
    return request.targetObjectId.toLowerCase() === id || (request.requestor.kind === 'user' && request.requestor.userId.toLowerCase() === id);
  }
  if (requestor.kind === 'external') {
    const email = requestor.email.toLowerCase();
    return request.targetEmail === email || (request.requestor.kind === 'external' && request.requestor.email.toLowerCase() === email);
  }
  return false;
}

/**
 * One `EntitlementManagement` audit entry about a request: the request (with what changed, else
 * its new state), its package and its target user. `details` is the failure reason of a failed
 * step, or the properties a step changed.
 */
export async function auditRequest(
  deps: Pick<RequestDeps, 'audit' | 'now' | 'newId'>,
  by: AuditInitiator,
  activityDisplayName: string,
  request: AssignmentRequest,
  correlationId: string,
  details?: string | { displayName: string; oldValue: string | null; newValue: string | null }[],
): Promise<void> {
  const failure = typeof details === 'string' ? details : undefined;
  const changes = Array.isArray(details) ? details : [{ displayName: 'state', oldValue: null, newValue: request.state }];
  await deps.audit.append({
    id: deps.newId(),
    activityDisplayName,
    category: 'EntitlementManagement',
    activityAt: deps.now(),
    initiatedBy: by,
    targetResources: [
      { id: request.id, type: 'Other', displayName: `${request.requestType} request`, modifiedProperties: changes },
      { id: request.accessPackageId, type: 'AccessPackage' },
      ...(request.target.objectId ? [{ id: request.target.objectId, type: 'User' as const, userPrincipalName: request.target.email ?? undefined }] : []),
    ],
    result: failure === undefined ? 'success' : 'failure',
    resultReason: failure,
    correlationId,
  });
}
