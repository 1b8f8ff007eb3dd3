import { PASSCODE_VALIDITY_MINUTES, sendPasscode, verifyPasscode } from '../entitlement/portal/passcodes';
import type { PortalSignInDeps } from '../entitlement/portal/ports';
import { redemptionBlocker, resolveTicket, type PageLanguage, type RedeemDeps, type RedemptionOutcome, type Resolved } from './redeem-invitation';

/**
 * The step before consent, as Entra's email one-time passcode does it: the person who opened a
 * redeem link proves control of the invited address with a code mailed to that address (never to
 * one the visitor types), using the My Access sign-in's passcodes (8 digits, salted hash, 30
 * minutes, 5 wrong tries, per-address and per-client limits). A correct code opens the same
 * sign-in session as the portal's, so a guest who already signed in there is not asked again.
 */
export type ProofOutcome =
  | Exclude<RedemptionOutcome, { kind: 'consent' | 'redirect' | 'continue' | 'declined' | 'proveAddress' }>
  | { kind: 'codeSent' | 'wrongCode'; language: PageLanguage; organization: Resolved['organization']; email: string; minutes: number }
  | { kind: 'signedIn'; token: string; expiresAt: Date };

export interface ProveAddressDeps {
  redeem: RedeemDeps;
  signIn: PortalSignInDeps;
}

/** A link that can still lead somewhere: pending (not expired, not blocked) or accepted. */
async function usable(deps: ProveAddressDeps, secret: string): Promise<Resolved | ProofOutcome> {
  const r = await resolveTicket(deps.redeem, secret);
  if (!('ticket' in r)) return r;
  if (r.stored.invitation.state === 'Accepted') return r;
  return (await redemptionBlocker(deps.redeem, r, deps.redeem.now())) ?? r;
}

const codeForm = (r: Resolved, kind: 'codeSent' | 'wrongCode'): ProofOutcome => ({
  kind,
  language: r.language,
  organization: r.organization,
  email: r.stored.invitation.invitedUserEmailAddress,
  minutes: PASSCODE_VALIDITY_MINUTES,
});

/** Mails a code to the link's invited address; throws `throttled` past the sign-in limits. */
export async function sendRedemptionCode(deps: ProveAddressDeps, input: { secret: string; clientKey: string }): Promise<ProofOutcome> {
  const r = await usable(deps, input.secret);
  if (!('ticket' in r)) return r;
  const language = r.language.messageLanguage ?? r.language.recipientPreferredLanguage ?? r.language.organizationPreferredLanguage;
  await sendPasscode(deps.signIn, { email: r.stored.invitation.invitedUserEmailAddress, clientKey: input.clientKey, language });
  return codeForm(r, 'codeSent');
}

/** Checks a code for the link's invited address; a correct one opens a sign-in session for it. */
export async function verifyRedemptionCode(deps: ProveAddressDeps, input: { secret: string; code: string; clientKey: string }): Promise<ProofOutcome> {
  const r = await usable(deps, input.secret);
  if (!('ticket' in r)) return r;
  const outcome = await verifyPasscode(deps.signIn, { email: r.stored.invitation.invitedUserEmailAddress, code: input.code, clientKey: input.clientKey });
  return outcome.ok ? { kind: 'signedIn', token: outcome.token, expiresAt: outcome.expiresAt } : codeForm(r, 'wrongCode');
}
