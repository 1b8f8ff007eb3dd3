import type { HttpRequest } from '@azure/functions';
import { groupModule } from '../../deps';
import { Failure } from '../../domain/errors';
import type { Group } from '../../domain/groups/group';
import { listGroupOwners } from '../../domain/groups/manage-owners';
import { listGroupMembers, listMemberOf } from '../../domain/groups/read-memberships';
import { parseSelect, projectSelected } from '../../http/odata';
import { directoryObjectWire, groupListSpec, groupObjectWire, groupWire, userObjectWire } from './wire';

/**
 * `$select` and `$expand` on groups. `$expand` takes `members`, `owners` and `memberOf`; as in Graph,
 * an expanded relationship holds at most 20 objects (one storage page per relationship, so a page
 * of groups costs the same whatever their sizes). Nested options inside parentheses are accepted
 * and not applied.
 */
export const GROUP_EXPANDABLE = ['members', 'owners', 'memberOf'] as const;
export type GroupExpansion = (typeof GROUP_EXPANDABLE)[number];
const EXPANDED_LIMIT = 20;

/** The top-level names of `$expand`, checked against what groups expand (Graph's wording otherwise). */
export function readExpand(request: HttpRequest): GroupExpansion[] {
  const raw = new URL(request.url).searchParams.get('$expand');
  if (raw === null) return [];
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      names.push(current.trim());
      current = '';
    } else if (depth === 0 && ch !== ')') current += ch;
  }
  names.push(current.trim());
  const out: GroupExpansion[] = [];
  for (const name of names) {
    const known = GROUP_EXPANDABLE.find((n) => n.toLowerCase() === name.toLowerCase());
    if (!known) throw new Failure('invalidRequest', `Parsing OData Select and Expand failed: Could not find a navigation property named '${name.slice(0, 60)}' that can be expanded on type 'microsoft.graph.group'.`);
    if (!out.includes(known)) out.push(known);
  }
  return out;
}

/** Adds the expanded relationships to one group's wire shape. */
export async function expandGroup(group: Group, wire: Record<string, unknown>, expansions: readonly GroupExpansion[]): Promise<Record<string, unknown>> {
  const deps = groupModule().deps;
  const page = { top: EXPANDED_LIMIT };
  for (const name of expansions) {
    if (name === 'members') wire['members'] = (await listGroupMembers(deps, group.id, page)).items.map(directoryObjectWire);
    if (name === 'owners') wire['owners'] = (await listGroupOwners(deps, group.id, page)).items.map(userObjectWire);
    if (name === 'memberOf') wire['memberOf'] = (await listMemberOf(deps, group.id, page, 'group')).items.map(groupObjectWire);
  }
  return wire;
}

/** `GET /groups/{id}` with `$select`/`$expand`; any other query option is refused by name. */
export async function singleGroup(request: HttpRequest, group: Group): Promise<Record<string, unknown>> {
  const params = new URL(request.url).searchParams;
  for (const name of params.keys()) {
    if (name.startsWith('$') && !['$select', '$expand'].includes(name.toLowerCase())) throw new Failure('invalidRequest', `Query option '${name.slice(0, 40)}' is not supported on a single entity.`);
  }
  const expansions = readExpand(request);
  const selectText = params.get('$select');
  let wire = groupWire(group);
  if (selectText !== null) {
    const select = parseSelect(selectText, groupListSpec.selectable, groupListSpec.entityType);
    if (!select.ok) throw new Failure('invalidRequest', select.error.message);
    wire = projectSelected(wire, select.value);
  }
  return expandGroup(group, wire, expansions);
}
