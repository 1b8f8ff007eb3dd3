import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { httpDeps, invitationModule, settings } from '../deps';
import { addressOfOptOutToken } from '../domain/invitations/opt-out';
import { endpoint } from '../http/endpoint';
import { optOutPage } from '../http/pages/opt-out-page';
import { invalidLinkPage } from '../http/pages/redeem-pages';
import { chooseLanguage } from '../text';
import { browserLanguage } from '../text/accept-language';

const ROUTE = 'unsubscribe';
const MAX_FORM_BYTES = 4_096;

/** The address of the link's token and what a page about it needs; undefined for a link this deployment did not issue. */
async function linkOf(request: HttpRequest) {
  const { deps } = invitationModule();
  const organization = await deps.policies.organization();
  // The browser's language first (the recipient reads the page), then the organization's.
  const locale = chooseLanguage({ organizationPreferredLanguage: organization.preferredLanguage, recipientPreferredLanguage: browserLanguage(request.headers.get('accept-language')) });
  const token = request.query.get('token') ?? '';
  const address = await addressOfOptOutToken(deps.deriveBytes, token);
  const formAction = `${settings().PUBLIC_BASE_URL.replace(/\/+$/, '')}/api/${ROUTE}?token=${encodeURIComponent(token)}`;
  return { deps, locale, address, formAction, organization: organization.displayName };
}

app.http(
  'getInvitationOptOut',
  endpoint(
    {
      operationId: 'getInvitationOptOut',
      method: 'GET',
      route: ROUTE,
      summary: 'The "Block future invitations" page of an invitation mail (HTML; never changes state): whether the address blocks invitations, and the button to change it',
      tags: ['invitations'],
      responses: { 200: { description: 'The page' }, 404: { description: 'Invalid link' } },
      async handle({ request }) {
        const link = await linkOf(request);
        if (!link.address) return invalidLinkPage(link.locale);
        const blocked = await link.deps.optOuts.isOptedOut(link.address);
        return optOutPage({ locale: link.locale, organization: link.organization, email: link.address, blocked, changed: null, formAction: link.formAction });
      },
    },
    httpDeps,
  ),
);

app.http(
  'changeInvitationOptOut',
  endpoint(
    {
      operationId: 'changeInvitationOptOut',
      method: 'POST',
      route: ROUTE,
      summary:
        'Block future invitations to the link\'s address (RFC 8058 one-click: body List-Unsubscribe=One-Click, or the page\'s form with action=block), or allow them again (action=allow)',
      tags: ['invitations'],
      responses: { 200: { description: 'Done; the page shows the new state' }, 404: { description: 'Invalid link' } },
      async handle({ request }): Promise<HttpResponseInit> {
        const link = await linkOf(request);
        if (!link.address) return invalidLinkPage(link.locale);
        const bytes = Buffer.from(await request.arrayBuffer());
        const form = new URLSearchParams(bytes.length <= MAX_FORM_BYTES ? bytes.toString('utf8') : '');
        // One-click (a mailbox provider's POST, no cookies, no page) and the page's Block both block.
        const allow = form.get('action') === 'allow' && form.get('List-Unsubscribe') === null;
        if (allow) await link.deps.optOuts.allow(link.address);
        else await link.deps.optOuts.block(link.address, new Date());
        return optOutPage({ locale: link.locale, organization: link.organization, email: link.address, blocked: !allow, changed: allow ? 'allowed' : 'blocked', formAction: link.formAction });
      },
    },
    httpDeps,
  ),
);
