import type { EmailKind } from '../mail/message';

/**
 * Priority lanes of outgoing mail, most urgent first: one-time codes (they expire in 30 minutes),
 * approvals and access decisions, invitations and reminders, bulk jobs. Each lane drains from its
 * own queue, so a backlog in one never holds another's messages back, and may spend only its
 * share of each quota window (see {@link laneCeiling}), so the urgent lanes always find room.
 */
export const MAIL_LANES = ['code', 'decision', 'invitation', 'bulk'] as const;
export type MailLane = (typeof MAIL_LANES)[number];

const LANE_OF_KIND: Record<EmailKind, MailLane> = {
  oneTimePasscode: 'code',
  approvalRequest: 'decision',
  requestApproved: 'decision',
  requestDenied: 'decision',
  accessEnded: 'decision',
  invitation: 'invitation',
  invitationReminder: 'invitation',
  accessExpiring: 'invitation',
  accessPackageLink: 'invitation',
};

/** The lane of a mail of `kind`; a bulk job's invitations are put in the `bulk` lane by their producer. */
export function laneOfKind(kind: EmailKind): MailLane {
  return LANE_OF_KIND[kind];
}

/**
 * Share of every quota window held back from a lane for the lanes above it: bulk jobs may fill
 * 75 % of a window, invitations 85 %, decisions 92 %, codes all of it. With the default 30 per
 * minute and 100 per hour, a bulk job sends 22 a minute and 75 an hour, and 25 of the hour's mails
 * stay free for codes, decisions and invitations.
 */
const RESERVED_ABOVE: Record<MailLane, number> = { code: 0, decision: 0.08, invitation: 0.15, bulk: 0.25 };

/** How many sends of a window of `limit` a lane may use (at least one, so no lane stops for good). */
export function laneCeiling(lane: MailLane, limit: number): number {
  return Math.max(1, limit - Math.ceil(limit * RESERVED_ABOVE[lane]));
}
