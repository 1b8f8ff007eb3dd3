import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { Invitation } from '../domain/invitations/invitation';
import type { InvitationMail, InvitationRepository } from '../domain/invitations/ports';
import type { EmailMessageInput } from '../domain/mail/message';
import { deliveryStatusOf } from '../domain/outbox/outbox';
import { encodeKey } from './keys';
import type { TableName } from './names';
import { entryFromRow, outboxRow, outboxRowKey, outboxRowSchema } from './outbox-row';
import { enqueueOutbox, type MailQueues } from './outbox-queue';
import { insertRow, jsonColumn, readRow, transact, updateRow, type Row } from './table-kit';

const CONFLICT = 'An invitation for this guest was recorded at the same time.';

/**
 * Table `Invitations`: one partition per guest (PartitionKey = encodeKey(guestId)).
 *
 * | RowKey              | what                                                              |
 * |---------------------|-------------------------------------------------------------------|
 * | `invitation`        | the invitation record (columns below)                             |
 * | `outbox|<outboxId>` | the invitation mails, written in the same transaction (outbox-row), with the invitation's follow-up (audit entries, reminder entry) in `followUp` |
 *
 * Record columns: invitedUserEmailAddress, invitedUserDisplayName, invitedUserType,
 * inviteRedirectUrl, sendInvitationMessage, messageInfo (JSON), inviter (JSON), sponsor (JSON),
 * state (PendingAcceptance | Accepted | Declined), generation, invitedAt, lastIssuedAt, lastSentAt,
 * lastOutboxId, sentCount, consentAt, consentStatementUrl, consentRedirectUrl, declinedAt, expiresAt, remindersSent,
 * mailTokens and mailTokensAt (the guest's invitation-mail allowance; absent or '' = never used),
 * lastOperationKey ('' = none).
 * Merge cannot remove a column, so "none" is written as '' (strings) and rows are replaced whole.
 */
export const INVITATION_ROW = 'invitation';

const date = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);
const optionalDate = z.union([z.literal(''), date]).optional().transform((v) => (v instanceof Date ? v : null));
const text = z.string().optional().transform((v) => (v ? v : null));

const messageInfo = z.object({
  ccRecipients: z.array(z.object({ address: z.string(), name: z.string().nullable() })),
  customizedMessageBody: z.string().nullable(),
  messageLanguage: z.string().nullable(),
});
const inviter = z.object({ kind: z.enum(['user', 'app']), id: z.string(), displayName: z.string(), email: z.string() });
const sponsor = z.object({ kind: z.enum(['user', 'app']), id: z.string() });
const json = <T extends z.ZodType>(schema: T) => z.string().transform((s) => schema.parse(jsonColumn.read(s)) as z.output<T>);

const invitationRow = z.object({
  partitionKey: z.string(),
  rowKey: z.literal(INVITATION_ROW),
  guestId: z.string(),
  invitedUserEmailAddress: z.string(),
  invitedUserDisplayName: text,
  invitedUserType: z.enum(['Guest', 'Member']),
  inviteRedirectUrl: z.string(),
  sendInvitationMessage: z.boolean(),
  messageInfo: json(messageInfo),
  inviter: json(inviter),
  sponsor: json(sponsor),
  state: z.enum(['PendingAcceptance', 'Accepted', 'Declined']),
  generation: z.number().int().min(0),
  invitedAt: date,
  lastIssuedAt: date,
  lastSentAt: optionalDate,
  lastOutboxId: text,
  sentCount: z.number().int().min(0),
  consentAt: optionalDate,
  consentStatementUrl: text,
  consentRedirectUrl: text,
  declinedAt: optionalDate,
  expiresAt: optionalDate,
  remindersSent: z.number().int().min(0),
  mailTokens: z.union([z.literal(''), z.number()]).optional(),
  mailTokensAt: optionalDate,
  lastOperationKey: text,
});

function toInvitation(row: z.output<typeof invitationRow>): Invitation {
  const { partitionKey: _p, rowKey: _r, consentAt, consentStatementUrl, consentRedirectUrl, mailTokens, mailTokensAt, ...rest } = row;
  return {
    ...rest,
    consent: consentAt ? { at: consentAt, statementUrl: consentStatementUrl, redirectUrl: consentRedirectUrl } : null,
    mailAllowance: typeof mailTokens === 'number' && mailTokensAt ? { tokens: mailTokens, updatedAt: mailTokensAt } : null,
  };
}

function toRow(invitation: Invitation): Row {
  return {
    partitionKey: encodeKey(invitation.guestId),
    rowKey: INVITATION_ROW,
    guestId: invitation.guestId,
    invitedUserEmailAddress: invitation.invitedUserEmailAddress,
    invitedUserDisplayName: invitation.invitedUserDisplayName ?? '',
    invitedUserType: invitation.invitedUserType,
    inviteRedirectUrl: invitation.inviteRedirectUrl,
    sendInvitationMessage: invitation.sendInvitationMessage,
    messageInfo: jsonColumn.write(invitation.messageInfo),
    inviter: jsonColumn.write(invitation.inviter),
    sponsor: jsonColumn.write(invitation.sponsor),
    state: invitation.state,
    generation: invitation.generation,
    invitedAt: invitation.invitedAt,
    lastIssuedAt: invitation.lastIssuedAt,
    lastSentAt: invitation.lastSentAt ?? '',
    lastOutboxId: invitation.lastOutboxId ?? '',
    sentCount: invitation.sentCount,
    consentAt: invitation.consent?.at ?? '',
    consentStatementUrl: invitation.consent?.statementUrl ?? '',
    consentRedirectUrl: invitation.consent?.redirectUrl ?? '',
    declinedAt: invitation.declinedAt ?? '',
    expiresAt: invitation.expiresAt ?? '',
    remindersSent: invitation.remindersSent,
    mailTokens: invitation.mailAllowance?.tokens ?? '',
    mailTokensAt: invitation.mailAllowance?.updatedAt ?? '',
    lastOperationKey: invitation.lastOperationKey ?? '',
  };
}

/** The message as the outbox records it (the lane travels in the pointer and the row, not in the message). */
function mailMessage(mail: InvitationMail): EmailMessageInput {
  const { lane: _lane, ...message } = mail;
  return message as EmailMessageInput;
}

/**
 * Invitation records over Table Storage. `save` is one entity-group transaction: the record
 * (insert, or replace at the ETag read) plus the mail's outbox row, so a state change and its mail
 * commit together; the queue message follows the commit (the outbox sweeper re-queues it if the
 * instance dies in between). `outboxTable` is the table name the pointers carry (the real
 * `Invitations`; tests pass the same name while writing to a table of their own).
 */
export function createTableInvitationRepository(deps: { table: TableClient; outboxTable: TableName; queue: MailQueues; now(): Date }): InvitationRepository {
  const { table } = deps;
  return {
    async get(guestId) {
      const stored = await readRow(table, invitationRow, 'invitation', encodeKey(guestId), INVITATION_ROW);
      return stored ? { invitation: toInvitation(stored.value), etag: stored.etag } : undefined;
    },

    async save(invitation, etag, mail, followUp) {
      const row = toRow(invitation);
      const outbox = mail ? outboxRow(mailMessage(mail), { table: deps.outboxTable, partitionKey: row.partitionKey, now: deps.now(), lane: mail.lane, followUp }) : undefined;
      if (!outbox) {
        // The record alone: one plain write, as atomic as a transaction of one and cheaper.
        if (etag) await updateRow(table, row, etag);
        else await insertRow(table, row, CONFLICT);
        return;
      }
      const actions: TransactionAction[] = [etag ? ['update', row, 'Replace', { etag }] : ['create', row], outbox.action];
      await transact(table, actions, CONFLICT);
      await enqueueOutbox(deps.queue, outbox.pointer);
    },

    async deliveryStatus(guestId, outboxId) {
      const outbox = {
        async load() {
          const stored = await readRow(table, outboxRowSchema, 'outbox entry', encodeKey(guestId), outboxRowKey(outboxId));
          return stored ? { entry: entryFromRow(stored.value), etag: stored.etag } : undefined;
        },
      };
      return deliveryStatusOf({ outbox }, { v: 1, outboxId, table: deps.outboxTable, partitionKey: encodeKey(guestId) });
    },
  };
}

