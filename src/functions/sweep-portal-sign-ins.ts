import { app } from '@azure/functions';
import { portalSignInDeps } from '../deps/portal';
import { sweepPortalSignIns } from '../domain/entitlement/portal/sessions';

/**
 * Hourly (NCRONTAB): deletes expired My Access sessions and one-time passcodes. On demand:
 * `POST /admin/functions/sweepPortalSignIns` with `{"input": ""}`.
 */
app.timer('sweepPortalSignIns', {
  schedule: '0 45 * * * *',
  async handler(_timer, context) {
    context.log('sweepPortalSignIns done', await sweepPortalSignIns(portalSignInDeps()));
  },
});
