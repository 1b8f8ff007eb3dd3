import type { IncomingMessage, ServerResponse } from 'node:http';
import { Failure } from '../../domain/errors';
import { PASSCODE_VALIDITY_MINUTES } from '../../domain/entitlement/portal/passcodes';
import type { SignInRefusal } from '../../domain/sign-in/sign-in-policy';
import type { FederatedProof } from '../../domain/sign-in/federated-identity';
import { chooseLanguage, type SupportedLocale } from '../../text';
import { browserLanguage } from '../../text/accept-language';
import type { ProviderHandle } from './provider';
import { codePage, consentStepPage, emailPage, notFoundPage, throttledPage, type SignInConsent } from './sign-in-pages';

/**
 * The sign-in pages of the OpenID provider. A visitor who already proved an address (a redeemed
 * invitation, My Access, an earlier sign-in: one session cookie) goes straight back to the
 * application; anyone else gets an email one-time passcode (the same answer whether or not the
 * address is known), or signs in with the deployment's federated identity provider. A guest whose
 * invitation is still pending and who proved the invited address here is shown the consent step
 * (just-in-time redemption). Forms are bound to the interaction cookie (SameSite=Lax), so another
 * site cannot post them; the consent step reads the proved address from the session, never the form.
 */
export type Admission = { ok: true; userId: string } | { ok: false; refusal: SignInRefusal } | { ok: 'consent'; consent: Omit<SignInConsent, 'clientName'> };

export interface InteractionDeps {
  /** The address of a live session cookie, when that session began, and how the address was proved. */
  session(cookieHeader: string | undefined): Promise<{ email: string; startedAt: Date; federated?: FederatedProof | undefined } | undefined>;
  /** Mails a code (throws `throttled`). */
  sendCode(email: string, clientKey: string, locale: SupportedLocale): Promise<void>;
  /** A correct code opens a session: the Set-Cookie line for it. */
  verifyCode(email: string, code: string, clientKey: string): Promise<{ ok: true; setCookie: string } | { ok: false }>;
  /** Who may sign in to the application with this proved address: the user id, why not, or a pending invitation to consent to first. */
  admit(email: string, clientId: string, ipAddress: string, federated: FederatedProof | undefined): Promise<Admission>;
  /** The answer on the consent step, then admission as above (a decline is refused). */
  decide(email: string, clientId: string, ipAddress: string, federated: FederatedProof | undefined, decision: 'accept' | 'decline'): Promise<Admission>;
  clientName(clientId: string): Promise<string>;
  /** The federated provider's button, when one is configured: where it starts. */
  federation: { displayName: string; issuer: string; start(uid: string): Promise<string>; takeResult(token: string): Promise<FederatedProof & { email: string } | undefined> } | undefined;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const MAX_FORM = 4_096;

/** Entra's message per refusal, shown by the application as `error_description`. */
const REFUSAL_TEXT: Record<SignInRefusal, string> = {
  unknownAccount: 'AADSTS50034: The user account does not exist in the directory.',
  accountDisabled: 'AADSTS50057: The user account is disabled.',
  notRedeemed: 'AADSTS90072: The invitation has not been redeemed; open the invitation link first.',
  notAssigned: 'AADSTS50105: The signed in user is not assigned to a role for the application.',
  noServicePrincipal: 'AADSTS700016: The application was not found in the directory.',
  sessionRevoked: 'AADSTS50173: The session was revoked; sign in again.',
};

export async function handleInteraction(provider: ProviderHandle, deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, rest: string, basePath: string): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const clientId = String(details.params['client_id'] ?? '');
  const ipAddress = req.socket.remoteAddress ?? 'unknown';
  const action = `${basePath}/${details.uid}`;
  const locale = chooseLanguage({ recipientPreferredLanguage: browserLanguage(req.headers['accept-language']) });
  const conclude = async (admitted: Admission, federated: FederatedProof | undefined, cookies: string[]) => {
    if (cookies.length) res.setHeader('set-cookie', cookies);
    if (admitted.ok === 'consent') return send(res, consentStepPage(locale, action, { ...admitted.consent, clientName: await deps.clientName(clientId) }));
    const result = admitted.ok
      ? { login: { accountId: admitted.userId, amr: [federated ? 'fed' : 'otp'], remember: false } }
      : { error: 'access_denied', error_description: REFUSAL_TEXT[admitted.refusal] };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  };
  const finish = async (email: string, federated: FederatedProof | undefined, cookies: string[] = []) =>
    conclude(await deps.admit(email, clientId, ipAddress, federated), federated, cookies);
  const signInPage = async (error?: 'invalidEmail' | 'federationFailed') =>
    send(res, emailPage(locale, { clientName: await deps.clientName(clientId), action, federation: deps.federation?.displayName, ...(error ? { error } : {}) }));
  const step = rest.slice(details.uid.length);

  if (req.method === 'GET' && step === '') {
    const forced = details.prompt.reasons.includes('login_prompt') || details.params['prompt'] === 'login';
    const session = forced ? undefined : await deps.session(req.headers.cookie);
    if (session) return finish(session.email, session.federated);
    return signInPage();
  }
  if (req.method === 'GET' && step === '/federated' && deps.federation) {
    res.writeHead(303, { location: await deps.federation.start(details.uid), 'cache-control': 'no-store' }).end();
    return;
  }
  if (req.method === 'GET' && step === '/federated/done' && deps.federation) {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('result') ?? '';
    const proved = await deps.federation.takeResult(token);
    if (proved) return finish(proved.email, { issuer: proved.issuer, subject: proved.subject });
    return signInPage('federationFailed');
  }
  if (req.method !== 'POST') return send(res, notFoundPage(locale));
  const form = new URLSearchParams(await readBody(req));
  if (step === '/consent') {
    // Only the address this browser proved (its session) decides, whatever the form says.
    const session = await deps.session(req.headers.cookie);
    if (!session) return signInPage();
    const decision = form.get('decision') === 'accept' ? 'accept' : 'decline';
    return conclude(await deps.decide(session.email, clientId, ipAddress, session.federated, decision), session.federated, []);
  }
  const email = (form.get('email') ?? '').trim().toLowerCase();
  if (!EMAIL.test(email)) return signInPage('invalidEmail');
  try {
    if (step === '/email') {
      await deps.sendCode(email, ipAddress, locale);
      return send(res, codePage(locale, { action, email, minutes: PASSCODE_VALIDITY_MINUTES }));
    }
    if (step === '/code') {
      const verified = await deps.verifyCode(email, form.get('code') ?? '', ipAddress);
      if (!verified.ok) return send(res, codePage(locale, { action, email, minutes: PASSCODE_VALIDITY_MINUTES, error: true }));
      return finish(email, undefined, [verified.setCookie]);
    }
  } catch (error) {
    if (error instanceof Failure && error.code === 'throttled') return send(res, throttledPage(locale, error.retryAfterSeconds ?? 60));
    throw error;
  }
  return send(res, notFoundPage(locale));
}

function send(res: ServerResponse, response: { status?: number; headers?: unknown; body?: unknown }): void {
  if (res.headersSent) return;
  // No form-action in the pages' policy: a code post ends in a redirect to the application's URI.
  const headers = { ...(response.headers as Record<string, string>), 'cache-control': 'no-store' };
  res.writeHead(response.status ?? 200, headers).end(String(response.body ?? ''));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM) throw new Failure('payloadTooLarge', 'The form is too large.');
  }
  return body;
}
