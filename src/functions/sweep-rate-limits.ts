import { app } from '@azure/functions';
import { sweepIdleRateLimits } from '../deps';

/**
 * Hourly (NCRONTAB): deletes rate-limit rows idle for a day (all their buckets full again), so the
 * `RateLimits` table holds about a day of keys. On demand:
 * `POST /admin/functions/sweepRateLimits` with `{"input": ""}`.
 */
app.timer('sweepRateLimits', {
  schedule: '0 25 * * * *',
  async handler(_timer, context) {
    context.log('sweepRateLimits done', await sweepIdleRateLimits(new Date()));
  },
});
