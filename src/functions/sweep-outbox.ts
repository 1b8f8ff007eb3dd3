import { app } from '@azure/functions';
import { sweepOutbox } from '../domain/outbox/sweep-outbox';
import { mailDeps } from '../deps';

/**
 * `sweepOutbox`: every 5 minutes (and on demand through the host's admin API,
 * `POST /admin/functions/sweepOutbox`), re-queues outbox entries whose queue message was lost.
 */
app.timer('sweepOutbox', {
  schedule: '0 */5 * * * *',
  async handler(_timer, context) {
    const { requeued } = await sweepOutbox({ ...mailDeps(), log: (event, fields) => context.log(event, fields) });
    context.log('outboxSwept', { requeued });
  },
});
