/** The My Access portal (issue 6): its sign-in stores and how pages reach the portal. */
import { randomBytes } from 'node:crypto';
import { isLoopbackUrl, myAccessPortalUrl } from '../config';
import type { PortalSignInDeps } from '../domain/entitlement/portal/ports';
import { sessionEmail } from '../domain/entitlement/portal/sessions';
import type { PortalSite } from '../http/pages/portal-http';
import { createTablePasscodeStore } from '../storage/portal-passcodes';
import { createTableSessionStore } from '../storage/portal-sessions';
import { createTableRateLimiter } from '../storage/rate-limiter';
import { settings, storage } from './core';
import { pageBrand } from './branding';
import { currentOrganization } from './directory';
import { requestDeps } from './entitlement';

let signIn: PortalSignInDeps | undefined;
export function portalSignInDeps(): PortalSignInDeps {
  return (signIn ??= {
    passcodes: createTablePasscodeStore(storage().table('PortalPasscodes')),
    sessions: createTableSessionStore(storage().table('PortalSessions')),
    limiter: createTableRateLimiter(storage().table('RateLimits')),
    mail: requestDeps().mail,
    async organization() {
      const org = await currentOrganization();
      const domain = org.verifiedDomains.find((d) => d.isDefault) ?? org.verifiedDomains[0];
      return { displayName: org.displayName, domain: domain?.name ?? '', privacyStatementUrl: org.privacyProfile.statementUrl, privacyContactEmail: org.privacyProfile.contactEmail };
    },
    now: () => new Date(),
    randomBytes: (size) => randomBytes(size),
  });
}

let site: PortalSite | undefined;
export function portalSite(): PortalSite {
  if (site) return site;
  const base = myAccessPortalUrl(settings());
  const basePath = new URL(base).pathname.replace(/\/+$/, '');
  return (site = {
    basePath,
    sessionCookiePath: commonPath(basePath, new URL(`${settings().PUBLIC_BASE_URL}/api/redeem`).pathname),
    // Browsers drop Secure cookies on plain http, which only a loopback portal uses.
    secureCookies: !(base.startsWith('http://') && isLoopbackUrl(base)),
    organizationLanguage: async () => (await currentOrganization()).preferredLanguage,
    sessionEmail: (token) => sessionEmail(portalSignInDeps(), token),
    brand: (locale) => pageBrand(locale),
  });
}

/** The longest path both share, by whole segments (`/api/myaccess`, `/api/redeem` → `/api`). */
function commonPath(a: string, b: string): string {
  const x = a.split('/').filter(Boolean);
  const y = b.split('/').filter(Boolean);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return `/${x.slice(0, n).join('/')}`;
}
