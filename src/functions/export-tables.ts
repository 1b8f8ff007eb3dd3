import { app } from '@azure/functions';
import { exportTablesNow } from '../deps';

/**
 * Hourly at :50 (NCRONTAB): exports every table to the BACKUP_CONTAINER blob container, a full
 * export every BACKUP_FULL_EVERY_DAYS days and the changed rows (plus every table's keys) in
 * between, and deletes exports past BACKUP_RETENTION_DAYS. `npm run restore` rebuilds an instance
 * from them. On demand: `POST /admin/functions/exportTables` with `{"input": ""}`.
 */
app.timer('exportTables', {
  schedule: '0 50 * * * *',
  async handler(_timer, context) {
    const run = await exportTablesNow((event, fields) => context.warn(event, fields));
    const rows = Object.values(run.tables).reduce((n, t) => n + t.rows, 0);
    context.log('exportTables done', { id: run.id, kind: run.kind, rows, deleted: run.deleted });
  },
});
