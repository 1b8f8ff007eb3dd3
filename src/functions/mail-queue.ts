import { app } from '@azure/functions';
import { z } from 'zod';
import { readMailQueueStatus } from '../domain/outbox/mail-queue-status';
import { httpDeps, mailDeps } from '../deps';
import { endpoint, json } from '../http/endpoint';

const mailQueueWire = z.object({
  pending: z.number().int(),
  failed: z.number().int(),
  queueLength: z.number().int(),
  ratePerMinute: z.number().int(),
  ratePerHour: z.number().int(),
  expectedDrainSeconds: z.number().int(),
});

app.http(
  'getMailQueue',
  endpoint(
    {
      operationId: 'getMailQueue',
      method: 'GET',
      route: 'v1.0/admin/mailQueue',
      summary: 'The outgoing mail backlog: pending and failed outbox entries, queue length, pace and expected drain time',
      tags: ['operations'],
      responses: { 200: { description: 'The backlog', schema: mailQueueWire } },
      async handle() {
        return json(200, await readMailQueueStatus(mailDeps()));
      },
    },
    httpDeps,
  ),
);
