import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { httpDeps, invitationModule, mailDeps, settings } from '../deps';
import { noticeableMailDelayMinutes } from '../domain/outbox/mail-queue-status';
import { portalSignInDeps, portalSite } from '../deps/portal';
import { federation, openIdBase } from '../deps/openid-provider';
import { FEDERATION_START_PATH } from '../http/oidc/provider';
import { Failure } from '../domain/errors';
import { SESSION_HOURS } from '../domain/entitlement/portal/sessions';
import { sendRedemptionCode, verifyRedemptionCode, type ProofOutcome } from '../domain/invitations/prove-address';
import { decideInvitation, openInvitation, type PageLanguage, type RedemptionOutcome, type Visitor } from '../domain/invitations/redeem-invitation';
import { isWellFormedSecret } from '../domain/secrets';
import { chooseLanguage, type SupportedLocale } from '../text';
import { browserLanguage } from '../text/accept-language';
import { pageBrand } from '../deps/branding';
import { cookieValue, createCsrfGuard } from '../http/csrf';
import { endpoint, type EndpointSpec } from '../http/endpoint';
import { clientKeyOf, SESSION_COOKIE, sessionCookieFor } from '../http/pages/portal-http';
import {
  consentPage, continuePage, declinedPage, expiredPage, invalidLinkPage, proveAddressPage, redeemCodePage, throttledPage, unavailablePage,
} from '../http/pages/redeem-pages';

/**
 * The redemption pages a guest opens from the invitation mail (anonymous). GET only shows: mail
 * scanners that follow links redeem nothing. Before consent the visitor proves the invited address
 * with a one-time code mailed to it (`/code`, `/verify`), unless their My Access sign-in session
 * is for that address already. Every form POSTs back with a CSRF token that must equal the
 * HttpOnly, SameSite=Strict cookie set with the page (double submit).
 */
const ROUTE = 'redeem';
const FORM_ACTION = '/api/redeem';
const MAX_FORM_BYTES = 8_192;

const csrf = createCsrfGuard({ cookieName: 'gatehouse_redeem_csrf', path: FORM_ACTION, publicBaseUrl: () => settings().PUBLIC_BASE_URL });

const seeOther = (status: 302 | 303, location: string, cookies?: HttpResponseInit['cookies']): HttpResponseInit => ({
  status,
  headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  ...(cookies ? { cookies } : {}),
});

const pageOf = (ticket: string) => `${FORM_ACTION}?ticket=${encodeURIComponent(ticket)}`;

/** The invitation's own language if it fixed one, else the browser's (Accept-Language), else the guest's, else the organization's. */
const localeOf = (language: PageLanguage, acceptLanguage: string | null): SupportedLocale =>
  chooseLanguage({ ...language, recipientPreferredLanguage: browserLanguage(acceptLanguage) ?? language.recipientPreferredLanguage });

async function visitorOf(request: HttpRequest): Promise<Visitor> {
  return { email: await portalSite().sessionEmail(cookieValue(request, SESSION_COOKIE)) };
}

/** Every page and redirect a link can lead to. */
async function render(outcome: RedemptionOutcome | ProofOutcome, ticket: string, redirectStatus: 302 | 303, request: HttpRequest, delayMinutes: number | null = null): Promise<HttpResponseInit> {
  if (outcome.kind === 'redirect') return seeOther(redirectStatus, outcome.url);
  if (outcome.kind === 'signedIn') {
    return seeOther(303, pageOf(ticket), [sessionCookieFor(portalSite(), outcome.token, SESSION_HOURS * 3_600)]);
  }
  const locale = localeOf(outcome.language, request.headers.get('accept-language'));
  const brand = outcome.kind === 'proveAddress' || outcome.kind === 'codeSent' || outcome.kind === 'wrongCode' || outcome.kind === 'consent' ? await pageBrand(locale) : undefined;
  switch (outcome.kind) {
    case 'invalid':
      return invalidLinkPage(locale);
    case 'expired':
      return expiredPage(locale, outcome.inviter);
    case 'unavailable':
      return unavailablePage(locale, outcome.organization.displayName);
    case 'declined':
      return declinedPage(locale, outcome.organization.displayName);
    case 'continue':
      return continuePage(locale, outcome.url);
    case 'proveAddress': {
      const { token, cookie } = csrf.issue();
      const form = { locale, organization: outcome.organization.displayName, email: outcome.email, formAction: FORM_ACTION, ticket, csrfToken: token, ...(brand ? { brand } : {}) };
      // With a federated identity provider, the guest may prove the address through it instead (issue 20).
      const partner = federation();
      const federated = partner && { label: `Sign in with ${partner.displayName}`, url: `${openIdBase().mountPath}${FEDERATION_START_PATH}?ticket=${encodeURIComponent(ticket)}` };
      return proveAddressPage({ ...form, signedInAs: outcome.signedInAs, federation: federated }, [cookie]);
    }
    case 'codeSent':
    case 'wrongCode': {
      const { token, cookie } = csrf.issue();
      const form = { locale, organization: outcome.organization.displayName, email: outcome.email, formAction: FORM_ACTION, ticket, csrfToken: token, ...(brand ? { brand } : {}) };
      return redeemCodePage({ ...form, minutes: outcome.minutes, error: outcome.kind === 'wrongCode', delayMinutes: outcome.kind === 'codeSent' ? delayMinutes : null }, [cookie]);
    }
    case 'consent': {
      const { token: csrfToken, cookie } = csrf.issue();
      const org = outcome.organization;
      return consentPage(
        {
          locale,
          organization: { displayName: org.displayName, domain: org.defaultDomain, privacyStatementUrl: org.privacyStatementUrl },
          email: outcome.email,
          inviter: outcome.inviter,
          customMessage: outcome.customMessage,
          redirectUrl: outcome.redirectUrl,
          formAction: FORM_ACTION,
          ticket,
          csrfToken,
          ...(brand ? { brand } : {}),
        },
        [cookie],
      );
    }
  }
}

/** A posted redeem form: its fields once the type, size, ticket and CSRF token check out. */
type PostedForm = { ok: true; form: URLSearchParams; ticket: string } | { ok: false; response: HttpResponseInit };

async function readRedeemForm(request: HttpRequest): Promise<PostedForm> {
  const deps = invitationModule().deps;
  const invalid = async (): Promise<PostedForm> => ({
    ok: false,
    response: invalidLinkPage(chooseLanguage({ organizationPreferredLanguage: (await deps.policies.organization()).preferredLanguage })),
  });
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  const bytes = Buffer.from(await request.arrayBuffer());
  if (!type.startsWith('application/x-www-form-urlencoded') || bytes.length > MAX_FORM_BYTES) return invalid();
  const form = new URLSearchParams(bytes.toString('utf8'));
  const ticket = form.get('ticket') ?? '';
  if (!isWellFormedSecret(ticket)) return invalid();
  // A cross-site or stale form does nothing: back to the page, which issues a fresh token.
  if (!csrf.verify(request, form.get('csrf'))) return { ok: false, response: seeOther(303, pageOf(ticket)) };
  return { ok: true, form, ticket };
}

/** A page post: anonymous, form-encoded, CSRF-checked; too many codes or guesses is a 429 page. */
function formRoute(spec: Omit<EndpointSpec<undefined, Record<string, string>>, 'handle' | 'method' | 'tags'>, handle: (posted: { form: URLSearchParams; ticket: string; request: HttpRequest }) => Promise<HttpResponseInit>): void {
  app.http(
    spec.operationId,
    endpoint(
      {
        ...spec,
        method: 'POST',
        tags: ['invitations'],
        async handle({ request }) {
          const posted = await readRedeemForm(request);
          if (!posted.ok) return posted.response;
          try {
            return await handle({ ...posted, request });
          } catch (error) {
            if (!(error instanceof Failure) || error.code !== 'throttled') throw error;
            const organization = await invitationModule().deps.policies.organization();
            return throttledPage(chooseLanguage({ organizationPreferredLanguage: organization.preferredLanguage }), error.retryAfterSeconds ?? 60);
          }
        },
      },
      httpDeps,
    ),
  );
}

app.http(
  'redeemInvitationPage',
  endpoint(
    {
      operationId: 'redeemInvitationPage',
      method: 'GET',
      route: ROUTE,
      summary:
        'An invitation link (HTML; never changes state): the address check, then the consent page. An accepted guest goes on only to the redirect URL they accepted; another one is shown on a page that names it.',
      tags: ['invitations'],
      responses: { 200: { description: 'Address check, consent or continue page' }, 302: { description: 'Already accepted: the accepted redirect URL' }, 404: { description: 'Invalid link' } },
      async handle({ query, request }) {
        const ticket = query.get('ticket') ?? '';
        return render(await openInvitation(invitationModule().deps, ticket, await visitorOf(request)), ticket, 302, request);
      },
    },
    httpDeps,
  ),
);

formRoute(
  {
    operationId: 'redeemInvitationDecision',
    route: ROUTE,
    summary: 'Accept or decline an invitation (form post from the consent page, with its CSRF token, by a visitor signed in as the invited address)',
    responses: {
      303: { description: 'Accepted: the redirect URL named on the consent page (or back to the page when the form was stale)' },
      200: { description: 'Declined page, or the address check for a visitor who has not proved the invited address' },
      404: { description: 'Invalid link' },
    },
  },
  async ({ form, ticket, request }) => {
    const decision = form.get('decision');
    if (decision !== 'accept' && decision !== 'decline') return seeOther(303, pageOf(ticket));
    return render(await decideInvitation(invitationModule().deps, ticket, decision, await visitorOf(request)), ticket, 303, request);
  },
);

formRoute(
  {
    operationId: 'redeemInvitationSendCode',
    route: `${ROUTE}/code`,
    summary: 'Mail a one-time code to the invited address of a link (never to another address; rate-limited per address and client)',
    responses: { 200: { description: 'The code form' }, 404: { description: 'Invalid link' }, 429: { description: 'Too many codes' } },
  },
  async ({ ticket, request }) => {
    const outcome = await sendRedemptionCode({ redeem: invitationModule().deps, signIn: portalSignInDeps() }, { secret: ticket, clientKey: clientKeyOf(request) });
    const delayMinutes = outcome.kind === 'codeSent' ? await noticeableMailDelayMinutes(mailDeps(), 'code') : null;
    return render(outcome, ticket, 303, request, delayMinutes);
  },
);

formRoute(
  {
    operationId: 'redeemInvitationVerifyCode',
    route: `${ROUTE}/verify`,
    summary: "Check the one-time code; a correct one opens a sign-in session for the invited address (the My Access session cookie) and returns to the link's page",
    responses: { 303: { description: 'Verified: back to the link' }, 400: { description: 'Wrong, expired or used-up code' }, 404: { description: 'Invalid link' }, 429: { description: 'Too many attempts' } },
  },
  async ({ form, ticket, request }) => {
    const deps = { redeem: invitationModule().deps, signIn: portalSignInDeps() };
    return render(await verifyRedemptionCode(deps, { secret: ticket, code: form.get('code') ?? '', clientKey: clientKeyOf(request) }), ticket, 303, request);
  },
);
