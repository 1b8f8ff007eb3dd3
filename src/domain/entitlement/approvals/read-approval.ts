import { Failure, notFound } from '../../errors';
import { requireCatalogAccess, type CatalogRoleReader, type EntitlementCaller } from '../catalog-roles';
import type { AssignmentRequest } from '../requests/model';
import type { RequestDeps } from '../requests/ports';
import { deciders } from './stages';

/**
 * `GET …/assignmentApprovals/{requestId}`: the approval of a request, readable by whoever was asked
 * to decide any of its stages, by administrators and by those who may read its catalog. Requests
 * and decisions stay readable after the request ended or its assignment expired.
 */
export async function readApproval(deps: RequestDeps & { rolesIn: CatalogRoleReader }, caller: EntitlementCaller, requestId: string): Promise<AssignmentRequest> {
  const request = (await deps.requests.get(requestId))?.value;
  // A request without stages never needed approval: it has no approval object.
  if (!request || request.stages.length === 0) throw notFound('assignmentApproval', requestId);
  if (caller.kind === 'user' && request.stages.some((s) => deciders(s).includes(caller.userId))) return request;
  try {
    await requireCatalogAccess(deps.rolesIn, caller, request.catalogId, 'read');
  } catch (error) {
    if (error instanceof Failure) throw new Failure('accessDenied', 'You are not an approver of this request.');
    throw error;
  }
  return request;
}
