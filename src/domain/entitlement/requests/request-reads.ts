import { notFound } from '../../errors';
import { TENANT_SCOPE, type EntitlementCaller } from '../catalog-roles';
import type { Assignment, AssignmentRequest } from './model';
import type { ListSource } from '../ports';
import type { RequestDeps } from './ports';
import { catalogsOf, mayInCatalog } from './request-access';

/**
 * Who reads requests and assignments: administrators all of them, catalog role holders those of
 * their catalogs, everyone their own. What a caller may not read does not exist for them.
 */
export interface Reader {
  caller: EntitlementCaller;
  /** The signed-in user, whose own requests and assignments are readable; null for apps. */
  userId: string | null;
}

const same = (a: string, b: string | null): boolean => b !== null && a.toLowerCase() === b.toLowerCase();

export async function readRequest(deps: RequestDeps, reader: Reader, id: string): Promise<AssignmentRequest> {
  const request = (await deps.requests.get(id))?.value;
  if (request && (same(request.targetObjectId, reader.userId) || (request.requestor.kind === 'user' && same(request.requestor.userId, reader.userId)) || (await mayInCatalog(deps, reader.caller, request.catalogId, 'read')))) {
    return request;
  }
  throw notFound('accessPackageAssignmentRequest', id);
}

/**
 * Where the requests the reader may see are read, each source newest first: administrators read
 * all; others their own (as target) and then those of the catalogs they may read (without their
 * own again). `mineOnly` keeps those the reader is the target of (`filterByCurrentUser(on='target')`).
 */
export async function readRequests(deps: RequestDeps, reader: Reader, mineOnly = false): Promise<ListSource<AssignmentRequest>[]> {
  const collection = deps.requests;
  const own = reader.userId;
  if (!mineOnly && reader.caller.kind === 'administrator') return [{ collection, where: {} }];
  const sources: ListSource<AssignmentRequest>[] = own ? [{ collection, where: { targetObjectId: own } }] : [];
  if (mineOnly || reader.caller.kind !== 'user') return sources;
  for (const catalogId of await readableCatalogs(deps, reader.caller.userId)) sources.push({ collection, where: { catalogId }, keep: (r) => !same(r.targetObjectId, own) });
  return sources;
}

export async function readAssignment(deps: RequestDeps, reader: Reader, id: string): Promise<Assignment> {
  const assignment = (await deps.packageAssignments.get(id))?.value;
  if (assignment && (same(assignment.targetUserId, reader.userId) || (await mayInCatalog(deps, reader.caller, assignment.catalogId, 'read')))) return assignment;
  throw notFound('accessPackageAssignment', id);
}

/** Where the assignments the reader may see are read, as `readRequests`. */
export async function readAssignments(deps: RequestDeps, reader: Reader, mineOnly = false): Promise<ListSource<Assignment>[]> {
  const collection = deps.packageAssignments;
  const own = reader.userId;
  if (!mineOnly && reader.caller.kind === 'administrator') return [{ collection, where: {} }];
  const sources: ListSource<Assignment>[] = own ? [{ collection, where: { targetUserId: own } }] : [];
  if (mineOnly || reader.caller.kind !== 'user') return sources;
  for (const catalogId of await readableCatalogs(deps, reader.caller.userId)) sources.push({ collection, where: { catalogId }, keep: (a) => !same(a.targetUserId, own) });
  return sources;
}

async function readableCatalogs(deps: RequestDeps, userId: string): Promise<string[]> {
  const catalogs = [...(await catalogsOf(deps, userId))].filter((id) => id !== TENANT_SCOPE);
  const readable: string[] = [];
  for (const catalogId of catalogs) if (await mayInCatalog(deps, { kind: 'user', userId, isCatalogCreator: false }, catalogId, 'read')) readable.push(catalogId);
  return readable;
}
