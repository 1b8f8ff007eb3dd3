import { afterEach, describe, expect, it } from 'vitest';
import { startMailSinkServer, type RunningMailSink } from '../../../dev/mail-sink';
import { createAcsMailer, toAcsMessage } from '../../../src/email/acs-mailer';
import { parseEmailMessage } from '../../../src/domain/mail/message';
import { renderEmail } from '../../../src/email/templates';
import { operationIdFor } from '../../../src/domain/outbox/operation-id';
import type { OutgoingMail } from '../../../src/domain/outbox/mailer';
import { EmailClient } from '@azure/communication-email';
import { buildOutboxMail } from './support';

const sinks: RunningMailSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

async function sink(): Promise<RunningMailSink> {
  const running = await startMailSinkServer({ pollRetryAfterSeconds: 0 });
  sinks.push(running);
  return running;
}

function outgoing(outboxId?: string): OutgoingMail {
  const parsed = parseEmailMessage(buildOutboxMail(outboxId ? { outboxId } : {}));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { operationId: operationIdFor(parsed.value.outboxId), message: parsed.value, rendered: renderEmail(parsed.value) };
}

const SENDER = 'DoNotReply@fabrikam.example';

describe('the ACS mailer over the real EmailClient', () => {
  it('when the sink accepts, then the outcome is accepted and the mail carries the derived operation id', async () => {
    const s = await sink();
    const mail = outgoing();
    expect(await createAcsMailer({ connectionString: s.connectionString, senderAddress: SENDER }).send(mail)).toEqual({ kind: 'accepted' });
    expect(s.sink.messages().map((m) => m.operationId)).toEqual([mail.operationId]);
    expect(s.sink.messages()[0]).toMatchObject({ subject: mail.rendered.subject, userEngagementTrackingDisabled: true });
  });

  it('when the same operation id is sent again with the same body, then the sink answers and stores nothing new', async () => {
    const s = await sink();
    const mail = outgoing();
    const mailer = createAcsMailer({ connectionString: s.connectionString, senderAddress: SENDER });
    // A crash after ACS accepted: the first send went out through a plain EmailClient, as the sender would have sent it.
    const direct = new EmailClient(s.connectionString, { allowInsecureConnection: true } as object);
    const poller = await direct.beginSend(toAcsMessage(mail, SENDER), { operationId: mail.operationId, updateIntervalInMs: 10 });
    expect((await poller.pollUntilDone()).status).toBe('Succeeded');
    expect(await mailer.send(mail)).toEqual({ kind: 'accepted' });
    expect(s.sink.messages()).toHaveLength(1);
    expect(s.sink.stats().repeated).toBe(1);
  });

  it.each([
    ['429', { kind: 'transient', throttled: true, retryAfterMs: 3000 }],
    ['500', { kind: 'transient', throttled: false, retryAfterMs: null }],
    ['drop', { kind: 'transient', throttled: false, retryAfterMs: null }],
  ] as const)('when the sink answers with fault %s, then the outcome is transient', async (mode, expected) => {
    const s = await sink();
    s.sink.setFaults({ mode, fraction: 1, retryAfterSeconds: 3 });
    const outcome = await createAcsMailer({ connectionString: s.connectionString, senderAddress: SENDER }).send(outgoing());
    expect(outcome).toMatchObject(expected);
    expect(s.sink.messages()).toHaveLength(0);
  });

  it('when the operation ends Failed, then the outcome is permanent and names the status', async () => {
    const s = await sink();
    s.sink.setFaults({ mode: 'fail', fraction: 1 });
    const outcome = await createAcsMailer({ connectionString: s.connectionString, senderAddress: SENDER }).send(outgoing());
    expect(outcome).toMatchObject({ kind: 'permanent', reason: expect.stringMatching(/failed/i) });
  });

  it('when the key is wrong, then the 401 is permanent (retrying the same request cannot help)', async () => {
    const s = await sink();
    const wrong = s.connectionString.replace(/accesskey=.*/, `accesskey=${Buffer.from('nope').toString('base64')}`);
    expect(await createAcsMailer({ connectionString: wrong, senderAddress: SENDER }).send(outgoing())).toMatchObject({ kind: 'permanent', reason: 'ACS answered 401 Denied' });
  });
});
