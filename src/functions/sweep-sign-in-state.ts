import { app } from '@azure/functions';
import { sweepProviderState, sweepSignInLog } from '../deps/openid-provider';

/**
 * Hourly (NCRONTAB): deletes the OpenID provider's expired rows (codes, sessions, grants, tokens,
 * federation state) from table `OidcStore`, and sign-ins of months past the retention window from `SignInLogs`. On demand: `POST /admin/functions/sweepSignInState`.
 */
app.timer('sweepSignInState', {
  schedule: '0 50 * * * *',
  async handler(_timer, context) {
    context.log('sweepSignInState done', { removed: await sweepProviderState(), signInsRemoved: await sweepSignInLog() });
  },
});
