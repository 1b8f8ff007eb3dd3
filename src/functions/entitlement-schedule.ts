import { app } from '@azure/functions';
import { requestDeps } from '../deps';
import { processEntitlementSchedule } from '../domain/entitlement/approvals/process-schedule';

/**
 * `processEntitlementSchedule`: every 5 minutes (NCRONTAB, UTC) runs what entitlement management
 * has due: approval escalations and automatic denials, the 14- and 1-day expiry mails, assignment
 * ends, deletions of blocked guests, scheduled starts. Run it on demand through the host's admin
 * API: `POST /admin/functions/processEntitlementSchedule` with `{"input": ""}`. Safe to run twice:
 * every entry is checked against its entity before anything is done.
 */
app.timer('processEntitlementSchedule', {
  schedule: '0 */5 * * * *',
  async handler(_timer, context) {
    const run = await processEntitlementSchedule(requestDeps(), new Date(), context.invocationId);
    for (const failure of run.failed) context.warn('entitlementScheduleEntryFailed', failure);
    context.log('processEntitlementSchedule done', { handled: run.handled, failed: run.failed.length });
  },
});
