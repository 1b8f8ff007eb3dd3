import type { AuditInitiator } from '../../audit';
import { Failure, notFound } from '../../errors';
import type { EntitlementCaller } from '../catalog-roles';
import { deliverRequest } from './deliver-request';
import type { AssignmentRequest, Requestor } from './model';
import type { RequestDeps } from './ports';
import { isOwnRequest, mayInCatalog } from './request-access';

/**
 * `POST …/assignmentRequests/{id}/reprocess`: retries the delivery of a `deliveryFailed` or
 * `partiallyDelivered` request (its pending role scopes, or all of it); any other state is a
 * conflict. Allowed to the person the request is for and to callers who may assign in its catalog;
 * anyone else is told it does not exist.
 */
export async function reprocessRequest(
  deps: RequestDeps,
  who: { requestor: Requestor; caller: EntitlementCaller | null },
  by: AuditInitiator,
  requestId: string,
  correlationId: string,
): Promise<AssignmentRequest> {
  const request = (await deps.requests.get(requestId))?.value;
  if (!request || !(isOwnRequest(request, who.requestor) || (await mayInCatalog(deps, who.caller, request.catalogId, 'assign')))) {
    throw notFound('accessPackageAssignmentRequest', requestId);
  }
  if (request.state !== 'deliveryFailed' && request.state !== 'partiallyDelivered') {
    throw new Failure('conflict', `Only requests whose delivery failed or was partial can be reprocessed; this one is ${request.state}.`);
  }
  return deliverRequest(deps, requestId, by, correlationId);
}
