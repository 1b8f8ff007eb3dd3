import { app } from '@azure/functions';
import { sweepProviderState } from '../deps/openid-provider';

/**
 * Hourly (NCRONTAB): deletes the OpenID provider's expired rows (codes, sessions, grants, tokens,
 * federation state) from table `OidcStore`. On demand: `POST /admin/functions/sweepSignInState`.
 */
app.timer('sweepSignInState', {
  schedule: '0 50 * * * *',
  async handler(_timer, context) {
    context.log('sweepSignInState done', { removed: await sweepProviderState() });
  },
});
