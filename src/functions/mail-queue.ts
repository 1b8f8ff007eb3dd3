import { app } from '@azure/functions';
import { z } from 'zod';
import { MAIL_LANES } from '../domain/outbox/mail-lane';
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
  lanes: z.array(z.object({ lane: z.enum(MAIL_LANES), queueLength: z.number().int(), estimatedLastSendDateTime: z.string() })),
});

app.http(
  'getMailQueue',
  endpoint(
    {
      operationId: 'getMailQueue',
      method: 'GET',
      route: 'v1.0/admin/mailQueue',
      summary: 'The outgoing mail backlog: pending and failed outbox entries, queue length, quota, expected drain time, and per priority lane its queue and when its last waiting mail is sent',
      tags: ['operations'],
      responses: { 200: { description: 'The backlog', schema: mailQueueWire } },
      async handle() {
        const status = await readMailQueueStatus(mailDeps());
        const lanes = status.lanes.map((l) => ({ lane: l.lane, queueLength: l.queueLength, estimatedLastSendDateTime: l.estimatedLastSendAt.toISOString() }));
        return json(200, { ...status, lanes });
      },
    },
    httpDeps,
  ),
);
