import { app } from '@azure/functions';
import { idempotencyDeps } from '../deps';
import { sweepIdempotencyKeys } from '../domain/idempotency/idempotency';

/**
 * Hourly (NCRONTAB): deletes Idempotency-Key records whose 24 h replay window is over, so the
 * `IdempotencyKeys` table holds about a day of keys. On demand:
 * `POST /admin/functions/sweepIdempotencyKeys` with `{"input": ""}`.
 */
app.timer('sweepIdempotencyKeys', {
  schedule: '0 15 * * * *',
  async handler(_timer, context) {
    const removed = await sweepIdempotencyKeys(idempotencyDeps());
    context.log('sweepIdempotencyKeys done', { removed });
  },
});
