import { Failure, notFound } from '../errors';
import { isDomainAllowed } from '../policies/invitation-domain-policy';
import { auditInvitationSteps, type InvitationStep } from './audit-invitation';
import type { Invitation, MessageInfo } from './invitation';
import { guestUserPrincipalName, parseInvitedAddress, type InvitedAddress } from './invited-address';
import { checkAssignmentRights, inviteForbidden, mayInvite, mayInviteMembers } from './invite-rules';
import type { Assignment, Caller, GuestAccount, GuestProfile, InvitationDeps, OrganizationView, StoredInvitation } from './ports';
import { assertMailable, invitationMail, PROBE_REDEEM_SECRET, redeemUrlFor } from './invitation-mail';
import { probeOptOutUrl } from './opt-out';
import { isLostAddressRace, recordWithRetries, waitForConcurrentGuest } from './concurrent-invitation';
import { operationIds, type OperationIds } from './operation-ids';
import { nextReminderEntry, scheduleNextReminder } from './send-invitation-reminders';
import { finishGuestNow, followUpOf, type GuestLeftPending } from './finish-invitation';
import { optedOutFailure } from './opt-out';

/** POST /invitations, as the domain sees it (the wire shape is parsed and checked before). */
export interface InviteGuestInput {
  caller: Caller;
  invitedUserEmailAddress: string;
  inviteRedirectUrl: string;
  invitedUserDisplayName: string | null;
  invitedUserType: 'Guest' | 'Member';
  sendInvitationMessage: boolean;
  messageInfo: MessageInfo;
  resetRedemption: boolean;
  invitedUserId: string | null;
  profile: GuestProfile;
  assignments: Assignment[];
  correlationId: string;
  /**
   * Names this invitation across retries (a bulk row, a request's Idempotency-Key): every attempt
   * derives the same guest id, link and outbox entry, and an attempt that finds its own record
   * answers with it instead of inviting again. Needs `deps.deriveBytes`.
   */
  operationKey?: string | undefined;
}

export interface InviteGuestResult {
  invitation: Invitation;
  redeemUrl: string;
}

/** Graph's message for an address held by a member. */
export const NON_EXTERNAL_USER_EXISTS = "Non-external user already exists with the given mail address and can't be invited.";

/** A stand-in guest for building a mail before (or without) the real one. */
export const PROBE_GUEST: GuestAccount = {
  id: 'probe', userType: 'Guest', userPrincipalName: 'probe', displayName: null, mail: null, otherMails: [],
  accountEnabled: true, creationType: 'Invitation', externalUserState: 'PendingAcceptance', preferredLanguage: null,
};

const isExternal = (user: GuestAccount) => user.creationType === 'Invitation' || user.externalUserState !== null;

const refuse = (message: string, target: string, reason: string) => new Failure('invalidRequest', message, { details: [{ target, message: reason }] });

/**
 * Invites a guest, or re-invites one: checks who may invite and which domains, finds an existing
 * user by any of its addresses, creates the guest (with profile and assignments) or reuses it,
 * issues a new link and records the invitation with its mail. Every check runs before the first
 * write, so a refused request writes nothing.
 */
export async function inviteGuest(deps: InvitationDeps, input: InviteGuestInput): Promise<InviteGuestResult> {
  const { caller } = input;
  const address = parseInvitedAddress(input.invitedUserEmailAddress);
  if (!address.ok) throw address.error;
  if (!mayInvite(caller, await deps.policies.allowInvitesFrom())) throw inviteForbidden();
  if (input.invitedUserType === 'Member' && !mayInviteMembers(caller)) {
    throw new Failure('accessDenied', 'Insufficient privileges to invite a user of type Member.', { details: [{ target: 'invitedUserType', message: 'Member needs User Administrator' }] });
  }
  checkAssignmentRights(caller, input.assignments);
  const organization = await deps.policies.organization();
  await checkDomain(deps, organization, address.value);

  const operation = input.operationKey ? operationIds(deps.deriveBytes, input.operationKey) : undefined;
  // Read together: the opt-out adds a request to the invitation, not a round trip.
  const [existing, optedOut] = await Promise.all([
    input.resetRedemption ? userToReset(deps, input, address.value) : deps.guests.findByEmail(address.value.address),
    deps.optOuts.isOptedOut(address.value.normalized),
  ]);
  if (optedOut) throw optedOutFailure();
  const refuseMember = () => refuse(NON_EXTERNAL_USER_EXISTS, 'invitedUserEmailAddress', 'belongs to a member of this organization');
  if (existing && !isExternal(existing) && !input.resetRedemption) throw refuseMember();
  const now = deps.now();
  checkMailable(deps, input, existing, address.value, organization, now);
  await deps.assignments.validate(input.assignments);
  // The first read of an existing guest's record; a new guest has none (a lost insert reads it).
  let first: StoredInvitation | undefined | 'unread' = existing ? await deps.invitations.get(existing.id) : undefined;

  let guest = existing;
  // With a mail, a new guest's audit entry and consequences ride on the mail's outbox row (see finish-invitation.ts).
  let left: GuestLeftPending | undefined;
  // A guest with no invitation yet was left by an attempt that died after creating it: its consequences may still be pending.
  if (guest && first === undefined && input.sendInvitationMessage && deps.guests.finishGuest) left = { audit: null, guestId: guest.id };
  if (!guest) {
    try {
      ({ guest, left } = await createGuest(deps, input, address.value, organization, operation));
    } catch (error) {
      if (!isLostAddressRace(error)) throw error;
      // An otherMails address held by another user is a plain conflict: no one is inviting this address, so don't wait for a guest.
      if (await otherAddressHeldElsewhere(deps, input, address.value)) throw error;
      // Another request is inviting the same address right now: once its guest exists, this one re-invites it.
      guest = await waitForConcurrentGuest(deps, address.value, error, refuseMember);
      first = 'unread';
    }
  }
  const invitedGuest = guest;
  let resent = false;
  const record = () => recordWithRetries(deps, guest.id, first, async (stored) => {
    resent = Boolean(stored);
    if (operation && stored?.invitation.lastOperationKey === operation.key) {
      // A retry of an operation already recorded (crashed before it answered): the same answer, no second mail.
      const secret = await operation.ticketSecret(invitedGuest.id, stored.invitation.generation);
      return { kind: 'done', result: { invitation: stored.invitation, redeemUrl: redeemUrlFor(deps.publicBaseUrl, secret), outboxId: null, followedUp: false, replayed: true } };
    }
    const invitation = nextInvitation(input, invitedGuest, stored, address.value, now);
    // A new or reset invitation starts the reminder schedule.
    const startsSchedule = !stored || input.resetRedemption;
    return {
      kind: 'record',
      input: {
        invitation,
        organization,
        mail: input.sendInvitationMessage ? 'invitation' : null,
        recipientLanguage: invitedGuest.preferredLanguage ?? input.profile.preferredLanguage ?? null,
        now,
        operation,
        // With a mail, the audit entries and the reminder entry ride on its outbox row and the sender writes them.
        followUp: (recordedInvitation: Invitation, outboxId: string) =>
          followUpOf(
            deps,
            invitationSteps(input, recordedInvitation, { resent: Boolean(stored), outboxId, at: now }),
            startsSchedule ? nextReminderEntry(recordedInvitation, organization) : null,
            left,
          ),
        // Without one, the reminder entry is a hint written before the record (checked when due).
        ...(startsSchedule && !input.sendInvitationMessage ? { alongside: () => scheduleNextReminder(deps, invitation, organization) } : {}),
      },
    };
  });
  let recorded: Awaited<ReturnType<typeof record>>;
  try {
    recorded = await record();
  } catch (error) {
    // Not recorded after all (a refusal, not a crash): what creating the guest left is written now.
    if (left) await finishGuestNow(deps, left);
    throw error;
  }
  // Recorded without a mail to carry it (an operation replayed): written now as well.
  if (left && !recorded.followedUp) await finishGuestNow(deps, left);
  if (input.resetRedemption) await deps.guests.setExternalUserState(guest.id, 'PendingAcceptance', caller.initiator);

  // The invitation is recorded: its audit entries (unless its mail carries them) and the assignments are independent writes, so they go together.
  const steps: InvitationStep[] = recorded.replayed || recorded.followedUp ? [] : invitationSteps(input, recorded.invitation, { resent, outboxId: recorded.outboxId, at: now });
  await settleAll([
    async () => {
      if (steps.length > 0) await auditInvitationSteps(deps, steps);
    },
    async () => {
      if (input.assignments.length > 0) await deps.assignments.apply(invitedGuest.id, input.assignments, caller.initiator, input.correlationId);
    },
  ]);
  return { invitation: recorded.invitation, redeemUrl: recorded.redeemUrl };
}

/** The audit steps of a recorded invitation: invited (or resent, reset), and mailed when a mail was queued. */
function invitationSteps(input: InviteGuestInput, invitation: Invitation, recorded: { resent: boolean; outboxId: string | null; at: Date }): InvitationStep[] {
  const common = { at: recorded.at, by: input.caller.initiator, guestId: invitation.guestId, email: invitation.invitedUserEmailAddress, correlationId: input.correlationId };
  const steps: InvitationStep[] = [
    {
      ...common,
      activity: input.resetRedemption ? 'reset' : recorded.resent ? 'resent' : 'invited',
      detail: { invitedUserType: invitation.invitedUserType, generation: String(invitation.generation), assignments: String(input.assignments.length) },
    },
  ];
  if (recorded.outboxId) steps.push({ ...common, activity: 'mailed', detail: { outboxId: recorded.outboxId } });
  return steps;
}

/** Runs every step at once and waits for all of them; then fails with the first failure, if any. */
async function settleAll(steps: readonly (() => Promise<void>)[]): Promise<void> {
  const outcomes = await Promise.allSettled(steps.map((step) => step()));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The mail this invitation will send, checked with a stand-in link before anything is written. */
function checkMailable(deps: InvitationDeps, input: InviteGuestInput, existing: GuestAccount | undefined, address: InvitedAddress, organization: OrganizationView, now: Date): void {
  assertMailable(
    invitationMail({
      outboxId: 'probe',
      kind: 'invitation',
      invitation: nextInvitation(input, existing ?? PROBE_GUEST, undefined, address, now),
      organization,
      redeemUrl: redeemUrlFor(deps.publicBaseUrl, PROBE_REDEEM_SECRET),
      blockUrl: probeOptOutUrl(deps.publicBaseUrl),
      expiresAt: null,
      recipientLanguage: null,
    }),
  );
}

async function checkDomain(deps: InvitationDeps, organization: OrganizationView, address: InvitedAddress): Promise<void> {
  if (organization.verifiedDomains.includes(address.domain)) {
    throw refuse(
      'The invited user email address belongs to a verified domain of this organization and cannot be invited as an external user.',
      'invitedUserEmailAddress',
      'is in a verified domain of this organization',
    );
  }
  if (!isDomainAllowed(await deps.policies.domainPolicy(), address.domain)) {
    throw refuse(
      'The invited user email address is in a domain that this organization does not allow to be invited.',
      'invitedUserEmailAddress',
      "is blocked by the organization's collaboration restrictions",
    );
  }
}

/** resetRedemption: the guest named by invitedUser.id, holding the address as mail or otherMails. */
async function userToReset(deps: InvitationDeps, input: InviteGuestInput, address: InvitedAddress): Promise<GuestAccount> {
  if (!input.invitedUserId) throw refuse('invitedUser.id is required when resetRedemption is true.', 'invitedUser.id', 'required with resetRedemption');
  const user = await deps.guests.get(input.invitedUserId);
  if (!user) throw notFound('invitedUser', input.invitedUserId);
  if (!isExternal(user)) throw refuse(NON_EXTERNAL_USER_EXISTS, 'invitedUser.id', 'is not an external user');
  const held = [user.mail, ...user.otherMails].some((m) => m?.toLowerCase() === address.normalized);
  if (!held) {
    throw refuse('The invited user email address must be the mail or one of the otherMails of the user being reset.', 'invitedUserEmailAddress', 'not an address of invitedUser');
  }
  const holder = await deps.guests.findByEmail(address.address);
  if (holder && holder.id !== user.id) throw refuse('Another user already holds the invited email address.', 'invitedUserEmailAddress', 'held by another user');
  return user;
}

/** True when one of the profile's other addresses belongs to a user who does not hold the invited address. */
async function otherAddressHeldElsewhere(deps: InvitationDeps, input: InviteGuestInput, address: InvitedAddress): Promise<boolean> {
  const others = (input.profile.otherMails ?? []).filter((m) => m.toLowerCase() !== address.normalized);
  if (others.length === 0) return false;
  const invitedHolder = await deps.guests.findByEmail(address.address);
  for (const other of others) {
    const holder = await deps.guests.findByEmail(other);
    if (holder && holder.id !== invitedHolder?.id) return true;
  }
  return false;
}

async function createGuest(
  deps: InvitationDeps,
  input: InviteGuestInput,
  address: InvitedAddress,
  organization: OrganizationView,
  operation: OperationIds | undefined,
): Promise<{ guest: GuestAccount; left?: GuestLeftPending }> {
  const otherMails = [address.address, ...(input.profile.otherMails ?? []).filter((m) => m.toLowerCase() !== address.normalized)];
  const guest = {
    // Derived from the operation: a retry after a crash between the address claims and the user row finishes that user.
    id: operation ? await operation.guestId(address.normalized) : deps.newId(),
    email: address.address,
    userPrincipalName: guestUserPrincipalName(address, organization.initialDomain),
    displayName: input.invitedUserDisplayName?.trim() || address.localPart,
    userType: input.invitedUserType,
    profile: { ...input.profile, otherMails },
  };
  if (!input.sendInvitationMessage || !deps.guests.createGuestLeavingConsequences) return { guest: await deps.guests.createGuest(guest, input.caller.initiator) };
  const created = await deps.guests.createGuestLeavingConsequences(guest, input.caller.initiator);
  return { guest: created.guest, left: { audit: created.audit, guestId: created.pending ? created.guest.id : null } };
}

export function nextInvitation(input: InviteGuestInput, guest: GuestAccount, stored: StoredInvitation | undefined, address: InvitedAddress, now: Date): Invitation {
  const previous = stored?.invitation;
  const reset = input.resetRedemption;
  return {
    guestId: guest.id,
    invitedUserEmailAddress: address.address,
    invitedUserDisplayName: input.invitedUserDisplayName,
    invitedUserType: previous && !reset ? previous.invitedUserType : input.invitedUserType,
    inviteRedirectUrl: input.inviteRedirectUrl,
    sendInvitationMessage: input.sendInvitationMessage,
    messageInfo: input.messageInfo,
    inviter: {
      kind: input.caller.kind,
      id: input.caller.id,
      displayName: input.caller.displayName,
      email: input.caller.email,
    },
    // A new invitation after a decline asks again; an accepted guest stays accepted.
    state: !reset && previous?.state === 'Accepted' ? 'Accepted' : 'PendingAcceptance',
    sponsor: previous?.sponsor ?? { kind: input.caller.kind, id: input.caller.id },
    generation: (previous?.generation ?? 0) + (reset && previous ? 1 : 0),
    invitedAt: reset || !previous ? now : previous.invitedAt,
    lastIssuedAt: now,
    lastSentAt: previous?.lastSentAt ?? null,
    lastOutboxId: previous?.lastOutboxId ?? null,
    sentCount: previous?.sentCount ?? 0,
    consent: reset ? null : (previous?.consent ?? null),
    declinedAt: reset ? null : (previous?.declinedAt ?? null),
    expiresAt: previous?.expiresAt ?? null,
    remindersSent: reset || !previous ? 0 : previous.remindersSent,
    mailAllowance: previous?.mailAllowance ?? null,
    // A new operation: `recordInvitation` stamps its key (or none).
    lastOperationKey: null,
  };
}
