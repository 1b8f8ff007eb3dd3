import { app } from '@azure/functions';
import { buildGroupListIndex, repairGroupListIndex } from '../deps';

/**
 * Every 10 minutes (NCRONTAB); until it has once completed it puts groups stored before the list
 * index existed (an upgraded deployment, a restore) into it. Every later group write keeps the
 * index in step on its own; a write that crashed before its index sync left a marker, and each run
 * also syncs those groups (reading only the markers). On demand: `POST /admin/functions/buildGroupListIndex` with `{"input": ""}`.
 */
app.timer('buildGroupListIndex', {
  schedule: '0 */10 * * * *',
  async handler(_timer, context) {
    const synced = await buildGroupListIndex();
    if (synced > 0) context.log('buildGroupListIndex done', { synced });
    const repaired = await repairGroupListIndex();
    if (repaired > 0) context.log('groupListIndexRepaired', { repaired });
  },
});
