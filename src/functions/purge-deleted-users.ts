import { app } from '@azure/functions';
import { userDeps } from '../deps';
import { repairPendingChanges } from '../domain/users/consequences';
import { purgeDeletedUsers } from '../domain/users/delete-user';

/**
 * Daily at 02:30 UTC (NCRONTAB): finishes user changes a crash left half-done, then removes users
 * soft-deleted more than 30 days ago. Run it on demand through the host's admin API:
 * `POST /admin/functions/purgeDeletedUsers` with `{"input": ""}`.
 */
app.timer('purgeDeletedUsers', {
  schedule: '0 30 2 * * *',
  async handler(_timer, context) {
    const deps = userDeps();
    const repaired = await repairPendingChanges(deps);
    const purged = await purgeDeletedUsers(deps, { initiatedBy: { kind: 'system', name: 'purgeDeletedUsers' } });
    context.log('purgeDeletedUsers done', { repaired, purged: purged.length });
  },
});
