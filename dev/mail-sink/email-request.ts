import { z } from 'zod';
import type { StoredMessage } from './types';

/**
 * The `POST /emails:send` body (EmailMessage, api-version 2025-09-01), checked the way ACS checks it
 * before it answers 202: sender, at least one `to`, at most 50 recipients in all, a subject, and
 * html or plain text. Unknown properties are ignored, as the service does.
 */

/** ACS limit on recipients per request (to + cc + bcc). */
export const MAX_RECIPIENTS = 50;

/** Lenient on purpose: the sink must not refuse what ACS would accept; it only catches obvious garbage. */
const address = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'is not an email address');

const emailAddress = z.object({ address, displayName: z.string().optional() });

const attachment = z.object({
  name: z.string().min(1),
  contentType: z.string().min(1),
  contentInBase64: z.string(),
  contentId: z.string().optional(),
});

export const emailMessageSchema = z
  .object({
    senderAddress: address,
    content: z.object({
      subject: z.string().min(1),
      plainText: z.string().optional(),
      html: z.string().optional(),
    }),
    recipients: z.object({
      to: z.array(emailAddress).min(1, 'must name at least one recipient'),
      cc: z.array(emailAddress).optional(),
      bcc: z.array(emailAddress).optional(),
    }),
    headers: z.record(z.string(), z.string()).optional(),
    replyTo: z.array(emailAddress).optional(),
    attachments: z.array(attachment).optional(),
    userEngagementTrackingDisabled: z.boolean().optional(),
  })
  .superRefine((m, ctx) => {
    if (m.content.html === undefined && m.content.plainText === undefined) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: 'needs html or plainText' });
    }
    const total = m.recipients.to.length + (m.recipients.cc?.length ?? 0) + (m.recipients.bcc?.length ?? 0);
    if (total > MAX_RECIPIENTS) {
      ctx.addIssue({ code: 'custom', path: ['recipients'], message: `has ${total} recipients; at most ${MAX_RECIPIENTS} are allowed` });
    }
  });

export type EmailMessageBody = z.infer<typeof emailMessageSchema>;

/** One ErrorDetail per zod issue, with the JSON path as `target`. */
export function toErrorDetails(error: z.ZodError): { code: string; message: string; target: string }[] {
  return error.issues.map((issue) => {
    const target = issue.path.map(String).join('.') || '(body)';
    return { code: 'InvalidValue', message: `${target} ${issue.message}`, target };
  });
}

export function toStoredMessage(
  body: EmailMessageBody,
  ids: { id: string; operationId: string },
  receivedAt: Date,
): StoredMessage {
  const displayNames: Record<string, string> = {};
  const all = [...body.recipients.to, ...(body.recipients.cc ?? []), ...(body.recipients.bcc ?? [])];
  for (const r of all) if (r.displayName) displayNames[r.address.toLowerCase()] = r.displayName;
  const addresses = (list: { address: string }[] | undefined) => (list ?? []).map((r) => r.address);
  return {
    id: ids.id,
    operationId: ids.operationId,
    from: body.senderAddress,
    to: addresses(body.recipients.to),
    cc: addresses(body.recipients.cc),
    bcc: addresses(body.recipients.bcc),
    displayNames,
    subject: body.content.subject,
    html: body.content.html ?? null,
    plainText: body.content.plainText ?? null,
    headers: { ...(body.headers ?? {}) },
    replyTo: addresses(body.replyTo),
    attachments: (body.attachments ?? []).map((a) => ({
      name: a.name,
      contentType: a.contentType,
      contentId: a.contentId ?? null,
      sizeBytes: Buffer.byteLength(a.contentInBase64, 'base64'),
    })),
    userEngagementTrackingDisabled: body.userEngagementTrackingDisabled ?? false,
    receivedDateTime: receivedAt.toISOString(),
  };
}
