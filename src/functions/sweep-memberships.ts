import { app } from '@azure/functions';
import { sweepStalePendingMemberships } from '../deps';

/**
 * Hourly (NCRONTAB): settles membership and ownership index rows a crash left `pending` (for
 * example a group deletion interrupted between a membership's two rows). On demand:
 * `POST /admin/functions/sweepPendingMemberships` with `{"input": ""}`.
 */
app.timer('sweepPendingMemberships', {
  schedule: '0 35 * * * *',
  async handler(_timer, context) {
    context.log('sweepPendingMemberships done', await sweepStalePendingMemberships(new Date()));
  },
});
