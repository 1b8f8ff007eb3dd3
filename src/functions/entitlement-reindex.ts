import { app } from '@azure/functions';
import { reindexEntitlementCollections } from '../deps';

/** Storage pages one run reads at most; the next run goes on where each kind's marker says it stopped. */
const PAGES_PER_RUN = 500;

/**
 * `reindexEntitlementCollections`: every 10 minutes (NCRONTAB, UTC) writes the index rows of
 * entitlement entities stored before their collection had them (an upgrade), one kind at a time,
 * until each kind's marker says it is done; then a run is one point read per kind. Safe beside
 * writers and when run twice (upserts only). On demand: `POST /admin/functions/reindexEntitlementCollections`.
 */
app.timer('reindexEntitlementCollections', {
  schedule: '0 */10 * * * *',
  async handler(_timer, context) {
    for (const kind of await reindexEntitlementCollections(PAGES_PER_RUN)) context.log('entitlementReindexed', kind);
  },
});
