import { requestDeps } from '../deps';
import { homeView } from '../domain/entitlement/portal/home-view';
import { hereOf } from '../http/pages/portal-http';
import { HOME_TABS, homePage, type HomeTab } from '../http/pages/portal-home-page';
import { reachedPackageIds } from '../http/pages/portal-reached';
import { signInPage } from '../http/pages/portal-sign-in-pages';
import { singleLine } from '../text/format';
import { portalRoute } from './my-access-wiring';

/** The My Access home page (issue 18): packages to request, active and expired access, search. */

portalRoute(
  {
    operationId: 'myAccessHomePage', method: 'GET', route: 'access-packages',
    summary: 'The signed-in requester\'s home page: `?tab=available|active|expired`, `?search=` (HTML)',
    responses: { 200: { description: 'HTML' } },
  },
  async (ctx, { query }) => {
    if (!ctx.email) return signInPage(ctx, hereOf(ctx));
    const wanted = query.get('tab');
    const tab: HomeTab = HOME_TABS.includes(wanted as HomeTab) ? (wanted as HomeTab) : 'available';
    const search = singleLine(query.get('search') ?? '').slice(0, 100);
    const view = await homeView(requestDeps(), { email: ctx.email, reachedPackageIds: reachedPackageIds(ctx), search });
    return homePage(ctx, view, { tab, search });
  },
);
