import { groupModule, userListIndex, userRepository } from '../../deps';
import { Failure } from '../../domain/errors';
import { listMemberOf } from '../../domain/groups/read-memberships';
import { planQuery } from '../../domain/query/plan';
import { fromUserIndexDocument, reportsOf, USER_INDEXES } from '../../domain/users/user-indexes';
import type { User } from '../../domain/users/user';
import { toGraphUser, USER_SELECTABLE } from '../../domain/users/user-wire';
import type { EntityQuery, EntityQuerySpec } from '../../http/entity-query';
import { projectSelected } from '../../http/odata';
import { groupObjectWire } from '../groups/wire';

/** `$select` and `$expand` of GET /users/{id} and /me. */
export const userEntityQuery: EntityQuerySpec = {
  entityType: 'microsoft.graph.user',
  selectable: USER_SELECTABLE,
  expandable: ['manager', 'memberOf', 'directReports'],
};

/** Graph expands at most this many objects of a collection. */
const EXPAND_LIMIT = 20;

/** What an expansion needs of a user: its id and its manager's. */
type Expandable = { id: string; managerId?: string | null | undefined };

async function expansion(user: Expandable, relation: string): Promise<unknown> {
  if (relation === 'manager') {
    const manager = user.managerId ? await userRepository().get(user.managerId) : undefined;
    return manager && !manager.user.deletedAt ? { '@odata.type': '#microsoft.graph.user', ...toGraphUser(manager.user) } : undefined;
  }
  if (relation === 'memberOf') {
    const page = await listMemberOf(groupModule().deps, user.id, { top: EXPAND_LIMIT });
    return page.items.map(groupObjectWire);
  }
  const plan = planQuery(USER_INDEXES, { filter: reportsOf(user.id) })!;
  const page = await userListIndex().page(plan, { top: EXPAND_LIMIT });
  return page.items.map((doc) => ({ '@odata.type': '#microsoft.graph.user', ...fromUserIndexDocument(doc) }));
}

/** The body of a single-user GET: `$select` projection, then each `$expand`ed relationship. */
export async function userEntityBody(user: User, options: EntityQuery, contextBase: string): Promise<Record<string, unknown>> {
  const select = options.select;
  const context = `${contextBase}${select ? `(${select.join(',')})` : ''}/$entity`;
  const body: Record<string, unknown> = { '@odata.context': context, ...projectSelected(toGraphUser(user), select) };
  return withExpansions(body, user, options.expand);
}

/** Adds each `$expand`ed relationship of `user` to its wire shape (a list item or a single GET). */
export async function withExpansions(wire: Record<string, unknown>, user: Expandable, relations: readonly string[]): Promise<Record<string, unknown>> {
  for (const relation of relations) {
    const value = await expansion(user, relation);
    if (value !== undefined) wire[relation] = value;
  }
  return wire;
}

/**
 * Graph answers a taken `userPrincipalName` (or address) with 400 Request_BadRequest and an
 * `ObjectConflict` detail, not 409; this turns the address index's conflict into that.
 */
export async function asObjectConflict<T>(body: { userPrincipalName?: string | undefined }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof Failure) || error.code !== 'conflict' || !error.message.startsWith('Another object with the same value')) throw error;
    const taken = error.details[0]?.target?.toLowerCase();
    if (taken === undefined) throw error;
    const property = taken === 'identities' ? 'identities' : taken === body.userPrincipalName?.toLowerCase() ? 'userPrincipalName' : 'proxyAddresses';
    const message = `Another object with the same value for property ${property} already exists.`;
    throw new Failure('validationFailed', message, { details: [{ code: 'ObjectConflict', target: property, message }] });
  }
}
