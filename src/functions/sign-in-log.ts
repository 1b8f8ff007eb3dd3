import { app, type HttpRequest } from '@azure/functions';
import { httpDeps, settings, skipTokenKey } from '../deps';
import { signInDeps } from '../deps/openid-provider';
import type { SignInQuery, SignInRecord } from '../domain/sign-in/ports';
import { REFUSAL_REASONS } from '../domain/sign-in/sign-in-policy';
import { endpoint } from '../http/endpoint';
import { listResponse, readListQuery } from '../http/list';
import { matchesFilter, type CompiledFilter, type FilterNode, type ListQuerySpec } from '../http/odata';

/**
 * Graph's `GET /auditLogs/signIns`: sign-ins to the directory's applications through Gatehouse's
 * OpenID provider, newest first, kept and paged like the directory audits (month partitions read
 * back 13 months, a bounded number of table queries per page). `$filter` as Graph documents it for
 * sign-ins: conditions on createdDateTime, userId, appId and status/errorCode joined by `and` are
 * answered by the table itself; the rest is checked on each entry read.
 */
const MAX_QUERIES_PER_REQUEST = 24;

const signInsSpec: ListQuerySpec = {
  resource: 'SignIn',
  entityType: 'microsoft.graph.signIn',
  filterable: {
    createdDateTime: { type: { kind: 'datetime' }, operators: ['eq', 'ge', 'le', 'gt', 'lt'] },
    id: { type: { kind: 'string' }, operators: ['eq'] },
    userId: { type: { kind: 'string' }, operators: ['eq'] },
    userPrincipalName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    userDisplayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    appId: { type: { kind: 'string' }, operators: ['eq'] },
    appDisplayName: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    ipAddress: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
    clientAppUsed: { type: { kind: 'string' }, operators: ['eq'] },
    'status/errorCode': { type: { kind: 'number' }, operators: ['eq', 'ne'] },
  },
  selectable: ['id', 'createdDateTime', 'userId', 'userDisplayName', 'userPrincipalName', 'appId', 'appDisplayName', 'ipAddress', 'clientAppUsed', 'isInteractive', 'status', 'resourceDisplayName'],
  defaultPageSize: 100,
};

const wireSignIn = (r: SignInRecord) => ({
  id: r.id,
  createdDateTime: r.createdAt.toISOString(),
  userId: r.userId,
  userDisplayName: r.userDisplayName,
  userPrincipalName: r.userPrincipalName,
  appId: r.appId,
  appDisplayName: r.appDisplayName,
  ipAddress: r.ipAddress,
  clientAppUsed: r.clientAppUsed,
  isInteractive: true,
  resourceDisplayName: r.appDisplayName,
  // Gatehouse's own addition where Entra has none: how the user proved who they are.
  status: r.refusal
    ? { errorCode: REFUSAL_REASONS[r.refusal].errorCode, failureReason: REFUSAL_REASONS[r.refusal].failureReason, additionalDetails: null }
    : { errorCode: 0, failureReason: null, additionalDetails: r.identityProvider ? `Identity provider: ${r.identityProvider}` : null },
});

type Pushed = Pick<SignInQuery, 'from' | 'to' | 'userId' | 'appId' | 'errorCode'>;

/** The conditions every match meets (comparisons joined by `and` at the top) that the table can apply. */
function pushedDown(node: FilterNode | undefined, into: Pushed = {}): Pushed {
  if (!node) return into;
  if (node.type === 'and') return pushedDown(node.right, pushedDown(node.left, into));
  if (node.type !== 'compare') return into;
  const path = node.property.segments.join('/');
  const value = node.value;
  if (path === 'createdDateTime' && value.kind === 'datetime') {
    const at = new Date(value.value);
    const later = (a: Date | undefined) => (a && a > at ? a : at);
    const earlier = (a: Date | undefined) => (a && a < at ? a : at);
    if (node.operator === 'ge' || node.operator === 'gt' || node.operator === 'eq') into.from = later(into.from);
    if (node.operator === 'le' || node.operator === 'lt' || node.operator === 'eq') into.to = earlier(into.to);
  }
  if (node.operator !== 'eq') return into;
  if (path === 'userId' && value.kind === 'string') into.userId = value.value;
  if (path === 'appId' && value.kind === 'string') into.appId = value.value;
  if (path === 'status/errorCode' && value.kind === 'number') into.errorCode = value.value;
  return into;
}

/** `$orderby=createdDateTime desc` asks for the order the list always has; any other reaches the parser, which refuses it. */
function withoutNewestFirstOrder(request: HttpRequest): HttpRequest {
  const url = new URL(request.url);
  const order = [...url.searchParams].find(([name]) => name.toLowerCase() === '$orderby');
  if (!order || !/^\s*createdDateTime\s+desc\s*$/i.test(order[1])) return request;
  url.searchParams.delete(order[0]);
  return { ...request, url: url.toString(), headers: request.headers } as HttpRequest;
}

app.http('listSignIns', endpoint({
  operationId: 'listSignIns', method: 'GET', route: 'v1.0/auditLogs/signIns', tags: ['audit'],
  summary: 'Sign-ins to the directory\'s applications, newest first, with $filter on createdDateTime, userId, appId and status/errorCode (Graph: GET /auditLogs/signIns)',
  responses: { 200: { description: 'A page of signIn entries' } },
  async handle({ request }) {
    const pagingKey = await skipTokenKey();
    const listed = withoutNewestFirstOrder(request);
    const { query, start } = readListQuery(listed, signInsSpec, pagingKey);
    const filter: CompiledFilter | undefined = query.filter;
    const page = await (await signInDeps()).log.list(
      {
        ...pushedDown(filter),
        now: new Date(),
        top: query.top,
        maxQueries: MAX_QUERIES_PER_REQUEST,
        ...(start && 'continuation' in start && { continuation: start.continuation }),
      },
      (record) => {
        const wire = wireSignIn(record);
        return !filter || matchesFilter(filter, wire) ? wire : undefined;
      },
    );
    const next = page.continuation === undefined ? undefined : { continuation: page.continuation };
    return listResponse({ request: listed, publicBaseUrl: settings().PUBLIC_BASE_URL, entitySet: 'auditLogs/signIns', query, items: page.items, next, pagingKey });
  },
}, httpDeps));
