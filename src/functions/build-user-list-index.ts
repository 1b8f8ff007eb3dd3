import { app } from '@azure/functions';
import { buildUserListIndex } from '../deps';

/**
 * Every 10 minutes (NCRONTAB) until it has once completed: puts users stored before the list
 * index existed (an upgraded deployment, a restore) into it. Every later change keeps the index in
 * step on its own. On demand: `POST /admin/functions/buildUserListIndex` with `{"input": ""}`.
 */
app.timer('buildUserListIndex', {
  schedule: '0 */10 * * * *',
  async handler(_timer, context) {
    const synced = await buildUserListIndex();
    if (synced > 0) context.log('buildUserListIndex done', { synced });
  },
});
