import { z } from 'zod';
import { err, ok, type Result } from '../errors';
import { CUSTOM_MESSAGE_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, isHttpUrl, JUSTIFICATION_MAX_LENGTH, MAX_RECIPIENTS, NAME_MAX_LENGTH, URL_MAX_LENGTH } from '../limits';

/**
 * The mail message as it travels through the outbox and the `email-outbox` queue: versioned, one
 * variant per kind of mail, each carrying everything its template shows so the sender never has to
 * read the directory again. Parsed with {@link parseEmailMessage} at the queue boundary.
 */

const name = z.string().trim().min(1).max(NAME_MAX_LENGTH);
const email = z.email().max(320);
const httpUrl = z
  .string()
  .max(URL_MAX_LENGTH)
  .refine(isHttpUrl, { message: 'must be an absolute http or https URL' });
const dateTime = z.iso.datetime({ offset: true });
const longText = (max: number) => z.string().max(max);

const recipient = z.object({ address: email, displayName: name.optional() });

const organization = z.object({
  displayName: name,
  /** The domain the guest can check the mail against (the organization's default verified domain). */
  domain: z.string().trim().min(1).max(253),
  privacyStatementUrl: httpUrl.nullable(),
  privacyContactEmail: email.nullable(),
});

const person = z.object({ displayName: name, email });

const accessPackage = z.object({
  displayName: name,
  description: longText(DESCRIPTION_MAX_LENGTH).nullable().default(null),
});

const invitationData = z.object({
  organization,
  inviter: person,
  /** The invitation's `inviteRedeemUrl`: the Accept button. */
  redeemUrl: httpUrl,
  /** Where the guest lands after redemption (`inviteRedirectUrl`), shown so they can judge it. */
  redirectUrl: httpUrl,
  customMessage: longText(CUSTOM_MESSAGE_MAX_LENGTH).nullable().default(null),
  blockFutureInvitationsUrl: httpUrl,
  /** Only when the organization sets `invitationValidity`. */
  expiresDateTime: dateTime.nullable().default(null),
});

const dataByKind = {
  invitation: invitationData,
  invitationReminder: invitationData.extend({ invitedDateTime: dateTime }),
  oneTimePasscode: z.object({
    organization,
    code: z.string().regex(/^[0-9A-Za-z]{4,12}$/, { message: 'must be 4 to 12 letters or digits' }),
    validityMinutes: z.number().int().min(1).max(1_440),
  }),
  approvalRequest: z.object({
    organization,
    requestor: person,
    accessPackage,
    justification: longText(JUSTIFICATION_MAX_LENGTH).nullable().default(null),
    answers: z
      .array(z.object({ question: longText(1_000).min(1), answer: longText(JUSTIFICATION_MAX_LENGTH) }))
      .max(20)
      .default([]),
    approveUrl: httpUrl,
    denyUrl: httpUrl,
    /** When the stage is denied automatically if nobody decides. */
    decideByDateTime: dateTime.nullable().default(null),
  }),
  requestApproved: z.object({
    organization,
    accessPackage,
    /** The redemption link for a new guest, or where the access is used for an existing one. */
    accessUrl: httpUrl,
    approverComment: longText(JUSTIFICATION_MAX_LENGTH).nullable().default(null),
    expiresDateTime: dateTime.nullable().default(null),
  }),
  requestDenied: z.object({
    organization,
    accessPackage,
    reason: longText(JUSTIFICATION_MAX_LENGTH).nullable().default(null),
    /** The requester's status view in the My Access portal. */
    requestsUrl: httpUrl.nullable().default(null),
  }),
  accessExpiring: z.object({
    organization,
    accessPackage,
    daysLeft: z.union([z.literal(14), z.literal(1)]),
    expiresDateTime: dateTime,
    /** One-click extension request, when the policy allows extension. */
    extendUrl: httpUrl.nullable().default(null),
  }),
  accessEnded: z.object({
    organization,
    accessPackage,
    endedDateTime: dateTime,
    requestAgainUrl: httpUrl.nullable().default(null),
  }),
  accessPackageLink: z.object({
    organization,
    sender: person,
    accessPackage,
    /** The shared My Access link. */
    linkUrl: httpUrl,
    customMessage: longText(CUSTOM_MESSAGE_MAX_LENGTH).nullable().default(null),
    blockFutureInvitationsUrl: httpUrl.nullable().default(null),
  }),
} as const;

/** Every kind of mail Gatehouse sends. */
export type EmailKind = keyof typeof dataByKind;
export const EMAIL_KINDS = Object.keys(dataByKind) as EmailKind[];

/** Graph caps invitation CC recipients at one; other mails only respect the ACS total. */
const ccLimit = (kind: EmailKind): number =>
  kind === 'invitation' || kind === 'invitationReminder' ? 1 : MAX_RECIPIENTS - 1;

function variant<K extends EmailKind>(kind: K) {
  return z.object({
    v: z.literal(1),
    /** The outbox entry this message delivers: the sender's idempotency key. */
    outboxId: z.string().min(1).max(200),
    kind: z.literal(kind),
    to: z.array(recipient).min(1).max(MAX_RECIPIENTS),
    cc: z.array(recipient).max(ccLimit(kind)).default([]),
    /** The explicit `messageLanguage`: wins over every other preference. */
    language: z.string().max(35).optional(),
    /** The recipient's `preferredLanguage`. */
    recipientLanguage: z.string().max(35).optional(),
    data: dataByKind[kind] as (typeof dataByKind)[K],
  });
}

export const emailMessageSchema = z
  .discriminatedUnion('kind', [
    variant('invitation'),
    variant('invitationReminder'),
    variant('oneTimePasscode'),
    variant('approvalRequest'),
    variant('requestApproved'),
    variant('requestDenied'),
    variant('accessExpiring'),
    variant('accessEnded'),
    variant('accessPackageLink'),
  ])
  .refine((m) => m.to.length + m.cc.length <= MAX_RECIPIENTS, {
    message: `at most ${MAX_RECIPIENTS} recipients in to and cc together`,
    path: ['cc'],
  });

/** A parsed mail message (defaults applied). */
export type EmailMessage = z.output<typeof emailMessageSchema>;
/** What a producer may write (optional fields with defaults may be left out). */
export type EmailMessageInput = z.input<typeof emailMessageSchema>;
/** The message of one kind. */
export type EmailMessageOf<K extends EmailKind> = Extract<EmailMessage, { kind: K }>;
/** The `data` of one kind. */
export type EmailData<K extends EmailKind> = EmailMessageOf<K>['data'];
export type EmailRecipient = z.output<typeof recipient>;
export type EmailOrganization = z.output<typeof organization>;

export interface InvalidEmailMessage {
  code: 'invalidEmailMessage';
  /** Names each failing path and why, never the offending values (they may hold codes or links). */
  message: string;
  paths: string[];
}

const MAX_ISSUES_IN_MESSAGE = 10;

/**
 * Parses a queue or outbox message. A string is read as JSON first, because the queue trigger
 * hands over bodies it could not parse as strings.
 */
export function parseEmailMessage(json: unknown): Result<EmailMessage, InvalidEmailMessage> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch {
      return err({ code: 'invalidEmailMessage', message: 'invalid email message: body is not JSON', paths: [] });
    }
  }
  const parsed = emailMessageSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((i) => `${i.path}: ${i.message}`);
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  return err({
    code: 'invalidEmailMessage',
    message: `invalid email message: ${shown.join('; ')}`,
    paths: [...new Set(issues.map((i) => i.path))],
  });
}
