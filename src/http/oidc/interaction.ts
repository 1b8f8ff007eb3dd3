import type { IncomingMessage, ServerResponse } from 'node:http';
import { Failure } from '../../domain/errors';
import type { SignInRefusal } from '../../domain/sign-in/sign-in-policy';
import { escapeHtml } from '../../text/format';
import { page } from '../pages/layout';
import type { ProviderHandle } from './provider';

/**
 * The sign-in pages of the OpenID provider. A visitor who already proved an address (a redeemed
 * invitation, My Access, an earlier sign-in: one session cookie) goes straight back to the
 * application; anyone else gets an email one-time passcode (the same answer whether or not the
 * address is known), or signs in with the deployment's federated identity provider. Forms are
 * bound to the interaction cookie (SameSite=Lax), so another site cannot post them.
 */
export interface InteractionDeps {
  /** The address of a live session cookie, and when that session began. */
  session(cookieHeader: string | undefined): Promise<{ email: string; startedAt: Date } | undefined>;
  /** Mails a code (throws `throttled`). */
  sendCode(email: string, clientKey: string): Promise<void>;
  /** A correct code opens a session: the Set-Cookie line for it. */
  verifyCode(email: string, code: string, clientKey: string): Promise<{ ok: true; setCookie: string } | { ok: false }>;
  /** Who may sign in to the application with this address: the user id, or why not. */
  admit(email: string, clientId: string, ipAddress: string, identityProvider: string): Promise<{ ok: true; userId: string } | { ok: false; refusal: SignInRefusal }>;
  clientName(clientId: string): Promise<string>;
  /** The federated provider's button, when one is configured: where it starts. */
  federation: { displayName: string; issuer: string; start(uid: string): Promise<string>; takeResult(token: string): Promise<string | undefined> } | undefined;
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
  const finish = async (email: string, amr: string, identityProvider: string, cookies: string[] = []) => {
    if (cookies.length) res.setHeader('set-cookie', cookies);
    const admitted = await deps.admit(email, clientId, ipAddress, identityProvider);
    const result = admitted.ok
      ? { login: { accountId: admitted.userId, amr: [amr], remember: false } }
      : { error: 'access_denied', error_description: REFUSAL_TEXT[admitted.refusal] };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  };
  const step = rest.slice(details.uid.length);

  if (req.method === 'GET' && step === '') {
    const forced = details.prompt.reasons.includes('login_prompt') || details.params['prompt'] === 'login';
    const session = forced ? undefined : await deps.session(req.headers.cookie);
    if (session) return finish(session.email, 'otp', 'mail');
    return send(res, emailPage(await deps.clientName(clientId), action, deps.federation?.displayName));
  }
  if (req.method === 'GET' && step === '/federated' && deps.federation) {
    res.writeHead(303, { location: await deps.federation.start(details.uid), 'cache-control': 'no-store' }).end();
    return;
  }
  if (req.method === 'GET' && step === '/federated/done' && deps.federation) {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('result') ?? '';
    const email = await deps.federation.takeResult(token);
    if (email) return finish(email, 'fed', deps.federation.issuer);
    return send(res, emailPage(await deps.clientName(clientId), action, deps.federation.displayName, 'The sign-in with your organization did not complete. Try again, or use a code.'));
  }
  if (req.method !== 'POST') return send(res, page({ lang: 'en', title: 'Not found', bodyHtml: '<p>This page does not exist.</p>', status: 404 }));
  const form = new URLSearchParams(await readBody(req));
  const email = (form.get('email') ?? '').trim().toLowerCase();
  if (!EMAIL.test(email)) return send(res, emailPage(await deps.clientName(clientId), action, deps.federation?.displayName, 'Enter a valid email address.'));
  try {
    if (step === '/email') {
      await deps.sendCode(email, ipAddress);
      return send(res, codePage(action, email));
    }
    if (step === '/code') {
      const verified = await deps.verifyCode(email, form.get('code') ?? '', ipAddress);
      if (!verified.ok) return send(res, codePage(action, email, 'That code is wrong or has expired. Check the latest mail, or ask for a new code.'));
      return finish(email, 'otp', 'mail', [verified.setCookie]);
    }
  } catch (error) {
    if (error instanceof Failure && error.code === 'throttled') {
      return send(res, page({ lang: 'en', title: 'Too many attempts', bodyHtml: '<p>Too many codes or attempts. Wait a few minutes and try again.</p>', status: 429, headers: { 'retry-after': String(error.retryAfterSeconds ?? 60) } }));
    }
    throw error;
  }
  return send(res, page({ lang: 'en', title: 'Not found', bodyHtml: '<p>This page does not exist.</p>', status: 404 }));
}

function emailPage(clientName: string, action: string, federation: string | undefined, error?: string) {
  const body = `<p>Sign in to <strong>${escapeHtml(clientName)}</strong>. We will mail you a one-time code.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}/email"><label for="email">Email</label> <input id="email" name="email" type="email" autocomplete="email" required> <button type="submit">Send code</button></form>
${federation ? `<p><a href="${escapeHtml(action)}/federated">Sign in with ${escapeHtml(federation)}</a></p>` : ''}`;
  return page({ lang: 'en', title: 'Sign in', bodyHtml: body, status: error ? 400 : 200 });
}

function codePage(action: string, email: string, error?: string) {
  const body = `<p>If ${escapeHtml(email)} may sign in here, a code is on its way to it. It is valid for 30 minutes.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}/code"><input type="hidden" name="email" value="${escapeHtml(email)}"><label for="code">Code</label> <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required> <button type="submit">Sign in</button></form>
<form method="post" action="${escapeHtml(action)}/email"><input type="hidden" name="email" value="${escapeHtml(email)}"><button type="submit">Send a new code</button></form>`;
  return page({ lang: 'en', title: 'Enter your code', bodyHtml: body, status: error ? 400 : 200 });
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
