import { app } from '@azure/functions';
import { httpDeps } from '../deps';
import { Failure } from '../domain/errors';
import { endpoint } from '../http/endpoint';

/**
 * `GET /directory/deletedItems/microsoft.graph.group`. Gatehouse deletes every group permanently
 * (Graph does so for security groups; it keeps Microsoft 365 groups 30 days), so the recycle bin
 * holds no groups; the request is refused by name rather than answered with a list that could
 * never fill. Other types (`microsoft.graph.application`) are routed beside it, in the same shape.
 */
app.http('listDeletedGroups', endpoint({
  operationId: 'listDeletedGroups', method: 'GET', route: 'v1.0/directory/deletedItems/microsoft.graph.group', tags: ['groups'],
  summary: 'Refused with 400: Gatehouse deletes groups permanently, so no deleted group can be listed or restored',
  responses: { 400: { description: 'Deleted groups are not kept' } },
  async handle() {
    throw new Failure('invalidRequest', "Deleted groups are not kept: Gatehouse deletes every group permanently, including Microsoft 365 ('Unified') groups, so '/directory/deletedItems/microsoft.graph.group' is not supported.");
  },
}, httpDeps));
