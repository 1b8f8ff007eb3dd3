import { z } from 'zod';
import { CUSTOM_MESSAGE_MAX_LENGTH, isHttpUrl, NAME_MAX_LENGTH, URL_MAX_LENGTH } from '../limits';
import type { DeliveryStatus } from '../outbox/outbox';
import { profileBody } from '../users/user-wire';
import { invitationStatusOf, type Invitation } from './invitation';
import { MAX_ASSIGNMENTS } from './invite-rules';
import type { InviteGuestInput } from './invite-guest';
import type { Assignment, Caller, GuestProfile } from './ports';

/**
 * Graph's wire shape of an invitation (POST /invitations) plus Gatehouse's extensions in the same
 * body: the guest's profile (the portal's six categories) and `assignments`. Addresses use the
 * same email rule as the mail schema, so whatever passes here can be mailed.
 */
const email = z.string().trim().max(254).pipe(z.email());
const guid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'must be a GUID');

/** Absolute http(s) URL, normalized (so it is safe in a Location header) and at most 4,096 characters. */
export const redirectUrl = z
  .string()
  .max(URL_MAX_LENGTH)
  .refine(isHttpUrl, { message: 'must be an absolute http or https URL' })
  .transform((v) => new URL(v).href)
  .pipe(z.string().max(URL_MAX_LENGTH));

const userType = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['guest', 'member'], { message: "must be 'Guest' or 'Member'" }))
  .transform((v) => (v === 'member' ? ('Member' as const) : ('Guest' as const)));

const ccRecipient = z.object({
  emailAddress: z.object({ address: email, name: z.string().max(NAME_MAX_LENGTH).nullable().optional() }).passthrough(),
}).passthrough();

const assignment = z.discriminatedUnion('type', [
  z.object({ type: z.literal('group'), id: guid }).strict(),
  z.object({ type: z.literal('directoryRole'), roleDefinitionId: guid }).strict(),
  z.object({ type: z.literal('appRole'), resourceId: guid, appRoleId: guid }).strict(),
]);

export const PROFILE_FIELDS = [
  'givenName', 'surname', 'jobTitle', 'department', 'companyName', 'employeeId',
  'streetAddress', 'city', 'state', 'postalCode', 'country', 'businessPhones', 'mobilePhone', 'otherMails',
  'ageGroup', 'consentProvidedForMinor', 'usageLocation', 'preferredLanguage',
] as const;

const profile = profileBody.pick(Object.fromEntries(PROFILE_FIELDS.map((k) => [k, true])) as { [K in (typeof PROFILE_FIELDS)[number]]: true });

export const invitationBody = profile
  .extend({
    '@odata.type': z.string().max(100).optional(),
    invitedUserEmailAddress: email,
    inviteRedirectUrl: redirectUrl,
    invitedUserDisplayName: z.string().max(NAME_MAX_LENGTH).nullable().optional(),
    invitedUserType: userType.optional(),
    sendInvitationMessage: z.boolean().optional(),
    invitedUserMessageInfo: z
      .object({
        ccRecipients: z.array(ccRecipient).max(1, { message: 'at most 1 CC recipient' }).nullable().optional(),
        customizedMessageBody: z
          .string()
          .max(CUSTOM_MESSAGE_MAX_LENGTH, { message: `must be at most ${CUSTOM_MESSAGE_MAX_LENGTH} characters` })
          .nullable()
          .optional(),
        messageLanguage: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, 'must be a language tag such as en-US').nullable().optional(),
        '@odata.type': z.string().max(100).optional(),
      })
      .strict()
      .nullable()
      .optional(),
    resetRedemption: z.boolean().optional(),
    invitedUser: z.object({ id: guid }).passthrough().nullable().optional(),
    otherMails: z.array(email).max(250).nullable().optional(),
    assignments: z.array(assignment).max(MAX_ASSIGNMENTS, { message: `at most ${MAX_ASSIGNMENTS} groups and roles together` }).optional(),
  })
  .strict();

export type InvitationBody = z.output<typeof invitationBody>;

/** The profile part of the body (only what was given). */
export function profileOfBody(body: InvitationBody): GuestProfile {
  const out: Record<string, unknown> = {};
  for (const key of PROFILE_FIELDS) if (body[key] !== undefined) out[key] = body[key] ?? (key === 'otherMails' || key === 'businessPhones' ? [] : null);
  return out as GuestProfile;
}

export const assignmentsOfBody = (body: InvitationBody): Assignment[] => body.assignments ?? [];

/** The use-case input for a parsed invitation body (shared by invite and preview). */
export function inviteInputOf(body: InvitationBody, caller: Caller, correlationId: string): InviteGuestInput {
  const info = body.invitedUserMessageInfo;
  return {
    caller,
    invitedUserEmailAddress: body.invitedUserEmailAddress,
    inviteRedirectUrl: body.inviteRedirectUrl,
    invitedUserDisplayName: body.invitedUserDisplayName?.trim() || null,
    invitedUserType: body.invitedUserType ?? 'Guest',
    sendInvitationMessage: body.sendInvitationMessage ?? false,
    messageInfo: {
      ccRecipients: (info?.ccRecipients ?? []).map((c) => ({ address: c.emailAddress.address, name: c.emailAddress.name?.trim() || null })),
      customizedMessageBody: info?.customizedMessageBody || null,
      messageLanguage: info?.messageLanguage ?? null,
    },
    resetRedemption: body.resetRedemption ?? false,
    invitedUserId: body.invitedUser?.id.toLowerCase() ?? null,
    profile: profileOfBody(body),
    assignments: assignmentsOfBody(body),
    correlationId,
  };
}

/** Graph's invitation as returned by POST /invitations. */
export function toGraphInvitation(invitation: Invitation, redeemUrl: string, resetRedemption: boolean) {
  return {
    id: invitation.guestId,
    inviteRedeemUrl: redeemUrl,
    inviteRedirectUrl: invitation.inviteRedirectUrl,
    invitedUserDisplayName: invitation.invitedUserDisplayName,
    invitedUserEmailAddress: invitation.invitedUserEmailAddress,
    invitedUserType: invitation.invitedUserType,
    sendInvitationMessage: invitation.sendInvitationMessage,
    resetRedemption,
    status: invitationStatusOf(invitation.state),
    invitedUser: { id: invitation.guestId },
    invitedUserMessageInfo: {
      messageLanguage: invitation.messageInfo.messageLanguage,
      customizedMessageBody: invitation.messageInfo.customizedMessageBody,
      ccRecipients: invitation.messageInfo.ccRecipients.map((c) => ({ emailAddress: { name: c.name, address: c.address } })),
    },
  };
}

/** GET /users/{id}/invitation (Gatehouse extension): the invitation's state and its last mail. */
export function toInvitationStatus(invitation: Invitation, messageStatus: DeliveryStatus | null) {
  return {
    id: invitation.guestId,
    invitedUserEmailAddress: invitation.invitedUserEmailAddress,
    inviteRedirectUrl: invitation.inviteRedirectUrl,
    invitedUserType: invitation.invitedUserType,
    status: invitationStatusOf(invitation.state),
    redemptionState: invitation.state,
    invitedDateTime: invitation.invitedAt.toISOString(),
    lastSentDateTime: invitation.lastSentAt?.toISOString() ?? null,
    sentCount: invitation.sentCount,
    expirationDateTime: invitation.expiresAt?.toISOString() ?? null,
    consentDateTime: invitation.consent?.at.toISOString() ?? null,
    consentPrivacyStatementUrl: invitation.consent?.statementUrl ?? null,
    declinedDateTime: invitation.declinedAt?.toISOString() ?? null,
    sponsor: invitation.sponsor,
    messageStatus: messageStatus && {
      status: messageStatus.status,
      attempts: messageStatus.attempts,
      lastError: messageStatus.lastError,
      sentDateTime: messageStatus.sentDateTime,
    },
  };
}
