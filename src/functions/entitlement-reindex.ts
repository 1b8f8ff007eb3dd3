import { app } from '@azure/functions';
import { storage } from '../deps';
import { createEntitlementReindexers } from '../storage/entitlement-tables';

/** Storage pages one run reads at most; the next run goes on where the marker says it stopped. */
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
    let pages = 0;
    for (const reindexer of createEntitlementReindexers((name) => storage().table(name))) {
      const progress = await reindexer.progress();
      if (progress.done) continue;
      let continuation = progress.continuation;
      let entities = 0;
      do {
        const page = await reindexer.reindexPage(continuation);
        entities += page.entities;
        continuation = page.continuation;
      } while (continuation && ++pages < PAGES_PER_RUN);
      context.log('entitlementReindexed', { kind: reindexer.name, entities, finished: !continuation });
      if (continuation) return;
    }
  },
});
