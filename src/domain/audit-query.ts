import type { FilterNode } from './query/filter-ast';

/**
 * The audit log's filter indexes (rows written with each entry, see the storage adapter): which
 * key of an entry a `directoryAudit` `$filter` can be served from.
 */
export type AuditIndexName = 'activity' | 'category' | 'user' | 'app' | 'correlation' | 'target';
export interface AuditIndexKey {
  name: AuditIndexName;
  key: string;
}

const INDEXED_PATHS: Readonly<Record<string, AuditIndexName>> = {
  correlationId: 'correlation',
  'initiatedBy/user/id': 'user',
  'initiatedBy/app/appId': 'app',
  activityDisplayName: 'activity',
  category: 'category',
};
const SELECTIVITY: readonly AuditIndexName[] = ['correlation', 'target', 'user', 'app', 'activity', 'category'];

/**
 * The index key a `directoryAudit` `$filter` (Graph wire names) requires of every match, if any:
 * an `eq` on an indexed property, or `targetResources/any(t: t/id eq '…')`, that must hold for
 * the whole filter (a conjunct of top-level `and`s). The most selective one wins.
 */
export function auditIndexForFilter(filter: FilterNode | undefined): AuditIndexKey | undefined {
  const found: AuditIndexKey[] = [];
  const visit = (node: FilterNode): void => {
    if (node.type === 'and') {
      visit(node.left);
      visit(node.right);
    } else if (node.type === 'compare' && node.operator === 'eq' && 'value' in node.value && typeof node.value.value === 'string') {
      const name = INDEXED_PATHS[node.property.segments.join('/')];
      if (name) found.push({ name, key: node.value.value });
    } else if (node.type === 'any' && node.collection.segments.join('/') === 'targetResources') {
      const p = node.predicate;
      if (p.type === 'compare' && p.operator === 'eq' && p.property.segments.length === 2 && p.property.segments[0] === node.variable && p.property.segments[1] === 'id' && 'value' in p.value && typeof p.value.value === 'string') {
        found.push({ name: 'target', key: p.value.value });
      }
    }
  };
  if (filter) visit(filter);
  return found.sort((a, b) => SELECTIVITY.indexOf(a.name) - SELECTIVITY.indexOf(b.name))[0];
}

