import { app, type InvocationContext } from '@azure/functions';
import { deliverMail } from '../domain/outbox/deliver-mail';
import { parseOutboxPointer } from '../domain/outbox/pointer';
import { mailDeps, storage } from '../deps';

/**
 * `sendEmail`: one outbox pointer → one outbox entry delivered (see `deliverMail`). Three
 * triggers, one per mail queue (codes and decisions; invitations; bulk jobs), so each lane's
 * backlog waits for the quota in its own queue and its own share of the host's concurrency.
 * A message that is not an outbox pointer cannot succeed on any attempt, so it is moved to
 * `email-outbox-poison` on its first delivery (as is, so it can be inspected and moved back) with a
 * log line naming why, instead of failing five times. Unexpected errors (storage down) throw: the
 * host retries the message and poisons it after five attempts, and the sweeper re-queues the entry
 * later while it is still pending.
 */
export async function sendEmail(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = parseOutboxPointer(message);
  if (!parsed.ok) {
    const raw = typeof context.triggerMetadata?.['queueTrigger'] === 'string' ? context.triggerMetadata['queueTrigger'] : JSON.stringify(message);
    context.warn('mailMessageUnparseable', { messageId: String(context.triggerMetadata?.['id'] ?? ''), reason: parsed.reason });
    await storage().queue('email-outbox-poison').sendMessage(Buffer.from(raw, 'utf8').toString('base64'));
    return;
  }
  const result = await deliverMail({ ...mailDeps(), log: (event, fields) => context.log(event, fields) }, parsed.pointer);
  context.log('mailDelivery', { outboxId: parsed.pointer.outboxId, result });
}

app.storageQueue('sendEmail', { queueName: 'email-outbox', connection: 'AzureWebJobsStorage', handler: sendEmail });
app.storageQueue('sendInvitationEmail', { queueName: 'email-outbox-invitations', connection: 'AzureWebJobsStorage', handler: sendEmail });
app.storageQueue('sendBulkEmail', { queueName: 'email-outbox-bulk', connection: 'AzureWebJobsStorage', handler: sendEmail });
