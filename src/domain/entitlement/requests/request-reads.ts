import { notFound } from '../../errors';
import { TENANT_SCOPE, type EntitlementCaller } from '../catalog-roles';
import type { Assignment, AssignmentRequest } from './model';
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

/** Every request the reader may see, newest first; `mineOnly` keeps those the reader is the target of (`filterByCurrentUser(on='target')`). */
export async function readRequests(deps: RequestDeps, reader: Reader, mineOnly = false): Promise<AssignmentRequest[]> {
  const found = new Map<string, AssignmentRequest>();
  if (reader.userId) for (const r of await deps.requests.find({ targetObjectId: reader.userId })) found.set(r.id, r);
  if (!mineOnly) {
    if (reader.caller.kind === 'administrator') for (const r of await deps.requests.find({})) found.set(r.id, r);
    else for (const catalogId of await readableCatalogs(deps, reader.caller.userId)) for (const r of await deps.requests.find({ catalogId })) found.set(r.id, r);
  }
  return [...found.values()].sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime) || a.id.localeCompare(b.id));
}

export async function readAssignment(deps: RequestDeps, reader: Reader, id: string): Promise<Assignment> {
  const assignment = (await deps.packageAssignments.get(id))?.value;
  if (assignment && (same(assignment.targetUserId, reader.userId) || (await mayInCatalog(deps, reader.caller, assignment.catalogId, 'read')))) return assignment;
  throw notFound('accessPackageAssignment', id);
}

export async function readAssignments(deps: RequestDeps, reader: Reader, mineOnly = false): Promise<Assignment[]> {
  const found = new Map<string, Assignment>();
  if (reader.userId) for (const a of await deps.packageAssignments.find({ targetUserId: reader.userId })) found.set(a.id, a);
  if (!mineOnly) {
    if (reader.caller.kind === 'administrator') for (const a of await deps.packageAssignments.find({})) found.set(a.id, a);
    else for (const catalogId of await readableCatalogs(deps, reader.caller.userId)) for (const a of await deps.packageAssignments.find({ catalogId })) found.set(a.id, a);
  }
  return [...found.values()].sort((a, b) => b.createdDateTime.localeCompare(a.createdDateTime) || a.id.localeCompare(b.id));
}

async function readableCatalogs(deps: RequestDeps, userId: string): Promise<string[]> {
  const catalogs = [...(await catalogsOf(deps, userId))].filter((id) => id !== TENANT_SCOPE);
  const readable: string[] = [];
  for (const catalogId of catalogs) if (await mayInCatalog(deps, { kind: 'user', userId, isCatalogCreator: false }, catalogId, 'read')) readable.push(catalogId);
  return readable;
}
