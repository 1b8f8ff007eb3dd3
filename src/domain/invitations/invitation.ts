/**
 * A guest's invitation: one record per invited guest (Graph's invitation `id` equals the guest's
 * id), holding what the last invitation asked for, where redemption stands, and the ticket
 * generation that decides which links still work.
 */

/** Where the guest's redemption stands. `Declined` is Gatehouse's: Entra has no decline. */
export type RedemptionState = 'PendingAcceptance' | 'Accepted' | 'Declined';

/** Graph's invitation `status`. */
export type InvitationStatus = 'PendingAcceptance' | 'Completed';

/** Who sent the invitation (the guest's sponsor when a user). */
export interface Inviter {
  kind: 'user' | 'app';
  id: string;
  displayName: string;
  email: string;
}

export interface CcRecipient {
  address: string;
  name: string | null;
}

export interface MessageInfo {
  ccRecipients: CcRecipient[];
  customizedMessageBody: string | null;
  messageLanguage: string | null;
}

export interface Invitation {
  guestId: string;
  invitedUserEmailAddress: string;
  invitedUserDisplayName: string | null;
  invitedUserType: 'Guest' | 'Member';
  inviteRedirectUrl: string;
  sendInvitationMessage: boolean;
  messageInfo: MessageInfo;
  /** Who sent the latest invitation (shown in its mail and page). */
  inviter: Inviter;
  /** The guest's sponsor: whoever invited the guest first. */
  sponsor: { kind: 'user' | 'app'; id: string };
  state: RedemptionState;
  /**
   * Tickets carry the generation they were issued in; only tickets of the current generation
   * redeem. `resetRedemption` bumps it, which revokes every earlier link at once.
   */
  generation: number;
  invitedAt: Date;
  /** When the current generation's last link was issued (invite, resend, reminder). */
  lastIssuedAt: Date;
  lastSentAt: Date | null;
  /** The outbox entry of the last invitation mail, for its delivery status. */
  lastOutboxId: string | null;
  /** Invitation mails sent (first mail, resends and reminders). */
  sentCount: number;
  /**
   * The guest's consent: when, to which privacy statement, and the redirect URL the consent page
   * named (null for consents recorded before it was kept). Later visits go straight only there.
   */
  consent: { at: Date; statementUrl: string | null; redirectUrl: string | null } | null;
  declinedAt: Date | null;
  /** Null: never expires (Entra's behaviour). Renewed by every resend. */
  expiresAt: Date | null;
  /** Reminders sent since the last (re)invitation. */
  remindersSent: number;
  /**
   * The guest's invitation-mail allowance (see `resend-limit.ts`), kept in the record itself so the
   * token, the mail and `sentCount` change in one ETag-guarded write. Null: never used (full).
   */
  mailAllowance: { tokens: number; updatedAt: Date } | null;
  /**
   * The operation (a bulk row, a request's Idempotency-Key) that wrote the record last: a retry of
   * that operation after a crash finds it here and answers with what was recorded instead of
   * inviting again. Null when the last write had no operation key.
   */
  lastOperationKey: string | null;
}

/** Graph's status for a redemption state. */
export const invitationStatusOf = (state: RedemptionState): InvitationStatus => (state === 'Accepted' ? 'Completed' : 'PendingAcceptance');

// Date-based ISO 8601 durations as the organization validates them (PnYnMnWnDTnHnMnS).
const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * `from` plus an ISO 8601 duration (`P30D`, `P1M`, `PT12H`), in UTC calendar arithmetic; null
 * when the duration is null (no expiry) or not a duration.
 */
export function addIsoDuration(from: Date, duration: string | null): Date | null {
  if (!duration) return null;
  const m = DURATION.exec(duration);
  if (!m) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  const d = new Date(from.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + n(1), d.getUTCMonth() + n(2), d.getUTCDate() + n(3) * 7 + n(4));
  return new Date(d.getTime() + ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000);
}
