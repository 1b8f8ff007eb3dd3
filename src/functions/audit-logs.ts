import { app, type HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { notFound } from '../domain/errors';
import { readEntityQuery } from '../http/entity-query';
import { directoryAudit, httpDeps, settings, skipTokenKey } from '../deps';
import type { AuditEntry } from '../domain/audit';
import { auditIndexForFilter } from '../domain/audit-query';
import { endpoint, json } from '../http/endpoint';
import { listResponse, readListQuery } from '../http/list';
import { matchesFilter, projectSelected, type CompiledFilter, type FilterNode, type ListQuerySpec } from '../http/odata';

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
    'initiatedBy/user/userPrincipalName': { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    'initiatedBy/user/displayName': { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    'initiatedBy/app/appId': { type: { kind: 'string' }, operators: ['eq'] },
    'initiatedBy/app/displayName': { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    correlationId: { type: { kind: 'string' }, operators: ['eq'] },
    result: { type: { kind: 'enum', values: ['success', 'failure', 'timeout', 'unknownFutureValue'] }, operators: ['eq'] },
    loggedByService: { type: { kind: 'string' }, operators: ['eq'] },
    operationType: { type: { kind: 'string' }, operators: ['eq'] },
    targetResources: {
      type: {
        kind: 'objectCollection',
        properties: {
          id: { type: { kind: 'string' }, operators: ['eq'] },
          displayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
          type: { type: { kind: 'string' }, operators: ['eq'] },
          userPrincipalName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
        },
      },
      operators: [],
    },
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

/**
 * The list is always newest first, so `$orderby=activityDateTime desc` (what scripts send) asks
 * for what it gets and is dropped; any other `$orderby` reaches the query parser, which refuses it.
 */
function withoutNewestFirstOrder(request: HttpRequest): HttpRequest {
  const url = new URL(request.url);
  const order = [...url.searchParams].find(([name]) => name.toLowerCase() === '$orderby');
  if (!order || !/^\s*activityDateTime\s+desc\s*$/i.test(order[1])) return request;
  url.searchParams.delete(order[0]);
  return { ...request, url: url.toString(), headers: request.headers } as HttpRequest;
}

const selectable = auditQuery.selectable;

app.http('getDirectoryAudit', endpoint({
  operationId: 'getDirectoryAudit',
  method: 'GET',
  route: 'v1.0/auditLogs/directoryAudits/{id}',
  summary: 'One directory audit entry by id (Graph: GET /auditLogs/directoryAudits/{id})',
  tags: ['audit'],
  params: z.object({ id: z.string().min(1).max(200) }),
  responses: { 200: { description: 'The directoryAudit entry' }, 404: { description: 'No such entry' } },
  async handle({ request, params }) {
    const { select } = readEntityQuery(request, { entityType: 'microsoft.graph.directoryAudit', selectable });
    const entry = await directoryAudit().get(params.id, { now: new Date(), lookbackMonths: DEFAULT_LOOKBACK_MONTHS });
    if (!entry) throw notFound('directoryAudit', params.id);
    const context = `${settings().PUBLIC_BASE_URL}/api/v1.0/$metadata#auditLogs/directoryAudits${select ? `(${select.join(',')})` : ''}/$entity`;
    return json(200, { '@odata.context': context, ...projectSelected(toGraphAudit(entry), select) });
  },
}, httpDeps));

app.http('listDirectoryAudits', endpoint({
  operationId: 'listDirectoryAudits',
  method: 'GET',
  route: 'v1.0/auditLogs/directoryAudits',
  summary: 'Directory audit entries, newest first, with $filter on activityDateTime and activityDisplayName (Graph: GET /auditLogs/directoryAudits)',
  tags: ['audit'],
  responses: { 200: { description: 'A page of directoryAudit entries' } },
  async handle({ request }) {
    const key = await skipTokenKey();
    const listed = withoutNewestFirstOrder(request);
    const { query, start } = readListQuery(listed, auditQuery, key);
    const filter: CompiledFilter | undefined = query.filter;
    const index = auditIndexForFilter(filter);
    const page = await directoryAudit().listNewestFirst({
      ...timeBounds(filter),
      ...(index && { index }),
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
    return listResponse({ request: listed, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: 'auditLogs/directoryAudits', query, items, next, pagingKey: key });
  },
}, httpDeps));
