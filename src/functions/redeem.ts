import { app, type HttpResponseInit } from '@azure/functions';
import { httpDeps, invitationModule, settings } from '../deps';
import { decideInvitation, openInvitation, type RedemptionOutcome } from '../domain/invitations/redeem-invitation';
import { isWellFormedSecret } from '../domain/secrets';
import { chooseLanguage } from '../text';
import { createCsrfGuard } from '../http/csrf';
import { endpoint } from '../http/endpoint';
import { consentPage, declinedPage, expiredPage, invalidLinkPage, unavailablePage } from '../http/pages/redeem-pages';

/**
 * The redemption pages a guest opens from the invitation mail (anonymous). GET only shows: mail
 * scanners that follow links redeem nothing. The consent form POSTs back with a CSRF token that
 * must equal the HttpOnly, SameSite=Strict cookie set with the page (double submit).
 */
const ROUTE = 'redeem';
const FORM_ACTION = '/api/redeem';
const MAX_FORM_BYTES = 8_192;

const csrf = createCsrfGuard({ cookieName: 'gatehouse_redeem_csrf', path: FORM_ACTION, publicBaseUrl: () => settings().PUBLIC_BASE_URL });

const seeOther = (status: 302 | 303, location: string): HttpResponseInit => ({
  status,
  headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
});

function render(outcome: RedemptionOutcome, ticket: string, redirectStatus: 302 | 303): HttpResponseInit {
  if (outcome.kind === 'redirect') return seeOther(redirectStatus, outcome.url);
  const locale = chooseLanguage({
    messageLanguage: outcome.language.messageLanguage,
    recipientPreferredLanguage: outcome.language.recipientPreferredLanguage,
    organizationPreferredLanguage: outcome.language.organizationPreferredLanguage,
  });
  switch (outcome.kind) {
    case 'invalid':
      return invalidLinkPage(locale);
    case 'expired':
      return expiredPage(locale, outcome.inviter);
    case 'unavailable':
      return unavailablePage(locale, outcome.organization.displayName);
    case 'declined':
      return declinedPage(locale, outcome.organization.displayName);
    case 'consent': {
      const { token: csrfToken, cookie } = csrf.issue();
      const org = outcome.organization;
      return consentPage(
        {
          locale,
          organization: { displayName: org.displayName, domain: org.defaultDomain, privacyStatementUrl: org.privacyStatementUrl },
          inviter: outcome.inviter,
          customMessage: outcome.customMessage,
          formAction: FORM_ACTION,
          ticket,
          csrfToken,
        },
        [cookie],
      );
    }
  }
}

app.http(
  'redeemInvitationPage',
  endpoint(
    {
      operationId: 'redeemInvitationPage',
      method: 'GET',
      route: ROUTE,
      summary: 'The consent page of an invitation link (HTML; never changes state). An accepted guest is sent to the redirect URL.',
      tags: ['invitations'],
      responses: { 200: { description: 'Consent page' }, 302: { description: 'Already accepted: the redirect URL' }, 404: { description: 'Invalid link' } },
      async handle({ query }) {
        const ticket = query.get('ticket') ?? '';
        return render(await openInvitation(invitationModule().deps, ticket), ticket, 302);
      },
    },
    httpDeps,
  ),
);

app.http(
  'redeemInvitationDecision',
  endpoint(
    {
      operationId: 'redeemInvitationDecision',
      method: 'POST',
      route: ROUTE,
      summary: 'Accept or decline an invitation (form post from the consent page, with its CSRF token)',
      tags: ['invitations'],
      responses: { 303: { description: 'Accepted: the redirect URL (or back to the page when the form was stale)' }, 200: { description: 'Declined page' }, 404: { description: 'Invalid link' } },
      async handle({ request }) {
        const deps = invitationModule().deps;
        const organizationLanguage = async () => chooseLanguage({ organizationPreferredLanguage: (await deps.policies.organization()).preferredLanguage });
        const type = (request.headers.get('content-type') ?? '').toLowerCase();
        const bytes = Buffer.from(await request.arrayBuffer());
        if (!type.startsWith('application/x-www-form-urlencoded') || bytes.length > MAX_FORM_BYTES) return invalidLinkPage(await organizationLanguage());
        const form = new URLSearchParams(bytes.toString('utf8'));
        const ticket = form.get('ticket') ?? '';
        const decision = form.get('decision');
        if (!isWellFormedSecret(ticket) || (decision !== 'accept' && decision !== 'decline')) return invalidLinkPage(await organizationLanguage());
        // A cross-site or stale form decides nothing: back to the page, which issues a fresh token.
        if (!csrf.verify(request, form.get('csrf'))) return seeOther(303, `${FORM_ACTION}?ticket=${encodeURIComponent(ticket)}`);
        return render(await decideInvitation(deps, ticket, decision), ticket, 303);
      },
    },
    httpDeps,
  ),
);
