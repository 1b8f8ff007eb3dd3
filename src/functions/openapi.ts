import { app } from '@azure/functions';
import { httpDeps, settings } from '../deps';
import { endpoint, json } from '../http/endpoint';
import { buildOpenApiDocument } from '../http/openapi';
import { REQUEST_EXAMPLES } from './openapi/request-examples';
import { SUCCESS_BODIES } from './openapi/responses';

app.http(
  'openapi',
  endpoint(
    {
      operationId: 'openapi',
      method: 'GET',
      route: 'openapi.json',
      summary: 'This OpenAPI 3.1 document, generated from the endpoints’ zod schemas',
      tags: ['operations'],
      responses: { 200: { description: 'OpenAPI document' } },
      async handle() {
        return json(200, buildOpenApiDocument(settings().PUBLIC_BASE_URL, '1.0', SUCCESS_BODIES, REQUEST_EXAMPLES));
      },
    },
    httpDeps,
  ),
);
