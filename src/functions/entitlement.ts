/**
 * Entitlement management's admin API (issue 6): the host loads `src/functions/*.js` only, so the
 * endpoint files in `./entitlement/` are registered from here.
 */
import './entitlement/catalogs';
import './entitlement/packages';
import './entitlement/policies';
import './entitlement/organizations';
import './entitlement/role-assignments';
import './entitlement/approvals';
import './entitlement/share-link';
import './entitlement/requests';
import './entitlement/request-extras';
