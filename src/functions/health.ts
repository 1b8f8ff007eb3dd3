import { app } from '@azure/functions';
import { z } from 'zod';
import { checkHealth } from '../domain/health';
import { httpDeps, healthDeps } from '../deps';
import { endpoint, json } from '../http/endpoint';

const healthBody = z.object({ status: z.enum(['ok', 'unavailable']) });

app.http(
  'health',
  endpoint(
    {
      operationId: 'health',
      method: 'GET',
      route: 'health',
      summary: 'Liveness and storage reachability',
      tags: ['operations'],
      responses: { 200: { description: 'Storage answers', schema: healthBody }, 503: { description: 'Storage does not answer', schema: healthBody } },
      async handle() {
        const status = await checkHealth(healthDeps());
        return status === 'ok' ? json(200, { status }) : json(503, { status }, { 'retry-after': '5' });
      },
    },
    httpDeps,
  ),
);
