import { app } from '@azure/functions';
import { httpDeps } from '../deps';
import { batchBody, runBatch, validateBatch } from '../http/batch';
import { dispatchInner } from '../http/batch-dispatch';
import { endpoint, json, registeredEndpoints } from '../http/endpoint';
import { graphError } from '../http/errors';

app.http(
  'batch',
  endpoint(
    {
      operationId: 'batch',
      method: 'POST',
      route: 'v1.0/$batch',
      summary: 'JSON batching (Graph: POST /$batch): up to 20 requests to any endpoint, ordered by dependsOn, each authorized as the caller',
      tags: ['batch'],
      body: batchBody,
      responses: {
        200: { description: '{responses: [{id, status, headers, body}]}; a request whose dependency failed gets 424' },
        400: { description: 'More than 20 requests, duplicate ids, an unknown dependsOn id or a dependency cycle' },
      },
      async handle({ body, request, invocation, id }) {
        validateBatch(body.requests);
        const url = new URL(request.url);
        const ctx = {
          registrations: registeredEndpoints,
          apiBase: `${url.origin}/api`,
          authorization: request.headers.get('authorization'),
          invocation,
          id,
          excluded: ['batch'],
        };
        const responses = await runBatch(
          body.requests,
          (inner) => dispatchInner(ctx, inner),
          (inner) => {
            const failed = graphError(424, 'FailedDependency', `Request '${inner.id}' was not run because a request it depends on failed.`, id);
            return { id: inner.id, status: 424, headers: { 'content-type': 'application/json' }, body: failed.jsonBody };
          },
        );
        return json(200, { responses });
      },
    },
    httpDeps,
  ),
);
