import { app } from '@azure/functions';
import { buildGroupListIndex } from '../deps';

/**
 * Every 10 minutes (NCRONTAB) until it has once completed: puts groups stored before the list
 * index existed (an upgraded deployment, a restore) into it. Every later group write keeps the
 * index in step on its own. On demand: `POST /admin/functions/buildGroupListIndex` with `{"input": ""}`.
 */
app.timer('buildGroupListIndex', {
  schedule: '0 */10 * * * *',
  async handler(_timer, context) {
    const synced = await buildGroupListIndex();
    if (synced > 0) context.log('buildGroupListIndex done', { synced });
  },
});
