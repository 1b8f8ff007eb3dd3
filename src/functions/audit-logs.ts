import { app } from '@azure/functions';
import { directoryAudit, httpDeps, settings, skipTokenKey } from '../deps';
import type { AuditEntry } from '../domain/audit';
import { endpoint } from '../http/endpoint';
import { listResponse, readListQuery } from '../http/list';
import { matchesFilter, type CompiledFilter, type FilterNode, type ListQuerySpec } from '../http/odata';

/** How far back a list without a lower time bound looks (Entra keeps directory audits 30 days; Gatehouse a year). */
const DEFAULT_LOOKBACK_MONTHS = 13;
/** Table queries one request may make before answering with what it has and a next link. */
const MAX_QUERIES_PER_REQUEST = 24;

const auditQuery: ListQuerySpec = {
  resource: 'directoryAudit',
  entityType: 'microsoft.graph.directoryAudit',
  filterable: {
    activityDateTime: { type: { kind: 'datetime' }, operators: ['ge', 'le', 'gt', 'lt'] },
    activityDisplayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    category: { type: { kind: 'string' }, operators: ['eq'] },
    'initiatedBy/user/id': { type: { kind: 'guid' }, operators: ['eq'] },
    'initiatedBy/app/appId': { type: { kind: 'string' }, operators: ['eq'] },
  },
  selectable: ['id', 'category', 'activityDisplayName', 'activityDateTime', 'initiatedBy', 'targetResources', 'result', 'resultReason', 'correlationId', 'loggedByService'],
  defaultPageSize: 100,
};

/** Graph's `directoryAudit` for an entry. */
function toGraphAudit(e: AuditEntry): Record<string, unknown> {
  const by = e.initiatedBy;
  return {
    id: e.id,
    category: e.category,
    correlationId: e.correlationId ?? null,
    result: e.result,
    resultReason: e.resultReason ?? '',
    activityDisplayName: e.activityDisplayName,
    activityDateTime: e.activityAt.toISOString(),
    loggedByService: 'Core Directory',
    operationType: e.activityDisplayName.split(' ')[0] ?? '',
    initiatedBy:
      by.kind === 'user'
        ? { user: { id: by.id, userPrincipalName: by.userPrincipalName ?? null, displayName: null }, app: null }
        : by.kind === 'app'
          ? { user: null, app: { appId: by.appId, displayName: by.displayName ?? null, servicePrincipalId: null } }
          : { user: null, app: { appId: null, displayName: by.name, servicePrincipalId: null } },
    targetResources: e.targetResources.map((t) => ({
      id: t.id,
      displayName: t.displayName ?? null,
      type: t.type,
      userPrincipalName: t.userPrincipalName ?? null,
      modifiedProperties: t.modifiedProperties ?? [],
    })),
    additionalDetails: [],
  };
}

/** Time bounds that hold for every match: comparisons on activityDateTime joined by `and` at the top. */
function timeBounds(node: FilterNode | undefined, bounds: { from?: Date; to?: Date } = {}): { from?: Date; to?: Date } {
  if (!node) return bounds;
  if (node.type === 'and') return timeBounds(node.right, timeBounds(node.left, bounds));
  if (node.type === 'compare' && node.property.segments.join('/') === 'activityDateTime' && node.value.kind === 'datetime') {
    const at = new Date(node.value.value);
    if (node.operator === 'ge' || node.operator === 'gt') bounds.from = bounds.from && bounds.from > at ? bounds.from : at;
    if (node.operator === 'le' || node.operator === 'lt') bounds.to = bounds.to && bounds.to < at ? bounds.to : at;
  }
  return bounds;
}

app.http('listDirectoryAudits', endpoint({
  operationId: 'listDirectoryAudits',
  method: 'GET',
  route: 'v1.0/auditLogs/directoryAudits',
  summary: 'Directory audit entries, newest first, with $filter on activityDateTime and activityDisplayName (Graph: GET /auditLogs/directoryAudits)',
  tags: ['audit'],
  responses: { 200: { description: 'A page of directoryAudit entries' } },
  async handle({ request }) {
    const key = await skipTokenKey();
    const { query, start } = readListQuery(request, auditQuery, key);
    const filter: CompiledFilter | undefined = query.filter;
    const page = await directoryAudit().listNewestFirst({
      ...timeBounds(filter),
      now: new Date(),
      lookbackMonths: DEFAULT_LOOKBACK_MONTHS,
      top: query.top,
      maxQueries: MAX_QUERIES_PER_REQUEST,
      ...(start && 'continuation' in start && { continuation: start.continuation }),
    }, (entry) => {
      const wire = toGraphAudit(entry);
      return !filter || matchesFilter(filter, wire) ? wire : undefined;
    });
    const items = page.items;
    const next = page.continuation === undefined ? undefined : { continuation: page.continuation };
    return listResponse({ request, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: 'auditLogs/directoryAudits', query, items, next, pagingKey: key });
  },
}, httpDeps));
