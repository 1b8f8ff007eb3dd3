import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type RunningAzurite } from '../../../dev/azurite';
import { installCrashPointHook } from '../../../src/deps/crash-points';
import type { InviteGuestInput } from '../../../src/domain/invitations/invite-guest';
import { deliverMail } from '../../../src/domain/outbox/deliver-mail';
import { operationIdFor } from '../../../src/domain/outbox/operation-id';
import { parseOutboxPointer } from '../../../src/domain/outbox/pointer';
import { sweepOutbox } from '../../../src/domain/outbox/sweep-outbox';
import { MAIL_QUEUES } from '../../../src/storage/outbox-queue';

/**
 * Crash points of the invitation write path, in process: the composition root's ports are wrapped
 * by `withCrashPoints`, and the hook installed here throws at one named point (a crash before or
 * after that write: nothing after it runs). Then what recovers an invitation runs: the outbox
 * sweep (as it runs 11 minutes later), the mail sender on every queued pointer (a mailer that
 * counts operations stands in for Communication Services), and the client's retry with the same
 * operation key. Afterwards the address has one guest, one invitation with one mail, one mail
 * operation, each audit entry once and the reminder entry.
 */
type Deps = typeof import('../../../src/deps');

class Crash extends Error {}

let azurite: RunningAzurite;
let root: Deps;
let armed: string | undefined;
const reached: string[] = [];
const operations: string[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  const sample = JSON.parse(readFileSync(path.resolve(__dirname, '../../../local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> };
  Object.assign(process.env, sample.Values, { AzureWebJobsStorage: azurite.connectionString, INVITE_RATE_LIMIT_PER_5S: '1000' });
  installCrashPointHook((point) => {
    reached.push(point);
    if (point !== armed) return;
    armed = undefined;
    throw new Crash(point);
  });
  root = await import('../../../src/deps');
  const { ensureStorageResources } = await import('../../../src/storage/clients');
  await ensureStorageResources(root.storage());
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

const table = (name: string) => TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });
async function rows(name: string, filter?: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const row of table(name).listEntities<Record<string, unknown>>(filter ? { queryOptions: { filter } } : {})) out.push(row);
  return out;
}

async function invite(address: string, operationKey: string): Promise<{ guestId: string; redeemUrl: string }> {
  const { inviteGuest } = await import('../../../src/domain/invitations/invite-guest');
  const { invitationBody, inviteInputOf } = await import('../../../src/domain/invitations/invitation-wire');
  const module = root.invitationModule();
  const principal = { kind: 'app', appId: 'crash-test-app', permissions: new Set(['User.Invite.All']) } as Parameters<typeof module.describeCaller>[0];
  const body = invitationBody.parse({ invitedUserEmailAddress: address, inviteRedirectUrl: 'https://apps.example/start', sendInvitationMessage: true });
  const input: InviteGuestInput = { ...inviteInputOf(body, await module.describeCaller(principal), randomUUID()), operationKey };
  await root.invitationThrottle();
  const result = await inviteGuest(module.deps, input);
  return { guestId: result.invitation.guestId, redeemUrl: result.redeemUrl };
}

/** The outbox sweep as it runs 11 minutes from now, then the sender on every queued pointer. */
async function sweepAndDeliver(): Promise<void> {
  const mail = root.mailDeps();
  await sweepOutbox({ ...mail, now: () => new Date(Date.now() + 11 * 60_000), log: () => undefined });
  const deps = {
    ...mail,
    mailer: { send: async (m: { operationId: string }) => (operations.push(m.operationId), { kind: 'accepted' as const }) },
    pace: { take: async () => ({ ok: true as const }), holdOff: async () => undefined, estimate: async () => new Date() },
    log: () => undefined,
  };
  for (const name of MAIL_QUEUES) {
    const queue = root.storage().queue(name);
    for (;;) {
      const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
      if (receivedMessageItems.length === 0) break;
      for (const item of receivedMessageItems) {
        const parsed = parseOutboxPointer(Buffer.from(item.messageText, 'base64').toString('utf8'));
        if (!parsed.ok) throw new Error(parsed.reason);
        try {
          await deliverMail(deps, parsed.pointer);
        } catch (error) {
          // The sender died with the message: it stays invisible, and the sweeper re-queues the pending entry.
          if (!(error instanceof Crash)) throw error;
          continue;
        }
        await queue.deleteMessage(item.messageId, item.popReceipt);
      }
    }
  }
}

/** The audit log's entries: its index, marker and pointer rows (keys starting with `~`) left out. */
const auditEntries = async () => (await rows('AuditLogs')).filter((r) => !String(r.rowKey).startsWith('~'));

async function expectFinished(address: string, guestId: string): Promise<void> {
  const users = (await rows('Users')).filter((u) => String(u['mail'] ?? '').toLowerCase() === address);
  expect(users.map((u) => u.partitionKey), `guests holding ${address}`).toHaveLength(1);
  // The guest's consequences ran (group rules, list index): its pending marker is gone and the list index has it.
  expect(users[0]!['pendingKind'] ?? null, 'pending marker').toBeNull();
  expect((await rows('DirectoryIndex')).filter((r) => JSON.stringify(r).includes(guestId)).length, 'list index rows').toBeGreaterThan(0);
  const partition = await rows('Invitations', `PartitionKey eq '${guestId}'`);
  expect(partition.filter((r) => r.rowKey === 'invitation').map((r) => r['sentCount'])).toEqual([1]);
  const outbox = partition.filter((r) => String(r.rowKey).startsWith('outbox'));
  expect(outbox.map((r) => r['status'])).toEqual(['sent']);
  const audit = (await auditEntries()).filter((r) => String(r['targetResources'] ?? '').includes(guestId) && r['category'] === 'Invitations');
  expect(audit.map((r) => r['activityDisplayName']).sort()).toEqual(['Invite external user', 'Queue invitation mail']);
  const added = (await auditEntries()).filter((r) => String(r['targetResources'] ?? '').includes(guestId) && r['activityDisplayName'] === 'Add user');
  expect(added.length, 'Add user entries').toBeLessThanOrEqual(1);
  expect((await rows('InvitationReminders')).filter((r) => r['guestId'] === guestId)).toHaveLength(1);
  expect(operations.filter((op) => op === operationIdFor(String(outbox[0]!['outboxId']))), 'mail operations').toHaveLength(1);
}

describe('crash points of the invitation write path', () => {
  it('when nothing crashes, then an invitation passes these points (the list the crash tests below walk)', async () => {
    reached.length = 0;
    const address = `walk.${randomUUID().slice(0, 8)}@partner.example`;
    const { guestId } = await invite(address, randomUUID());
    console.log(reached.join('\n'));
    // Listed at once, before the sender ran the rest of its consequences.
    expect((await rows('DirectoryIndex')).filter((r) => JSON.stringify(r).includes(guestId)).length).toBeGreaterThan(0);
    expect((await rows('Users')).find((u) => u.partitionKey === guestId)?.['pendingKind']).toBe('created');
    await sweepAndDeliver();
    await expectFinished(address, guestId);
    const added = (await auditEntries()).filter((r) => String(r['targetResources'] ?? '').includes(guestId) && r['activityDisplayName'] === 'Add user');
    expect(added).toHaveLength(1);
  });

  /** Every write of the path, before and after, and the sender's follow-up writes. */
  const POINTS = [
    'users.create:before',
    'users.create:claimed',
    'users.create:after',
    'users.listNew:after',
    'tickets.issue:before',
    'tickets.issue:after',
    'invitations.save:before',
    'invitationMailQueue.sendMessage:before',
    'invitationMailQueue.sendMessage:after',
    'invitations.save:after',
  ];
  const SENDER_POINTS = [
    'followUpAudit.appendAll:before',
    'followUpAudit.appendAll:after',
    'followUpReminders.schedule:before',
    'followUpReminders.schedule:after',
    'followUpGuests.finishGuest:before',
    'followUpGuests.finishGuest:after',
  ];

  it.each(POINTS)('when the request dies at %s, then the sweep, the sender and the client retry leave one guest, one mail, each audit entry once and the reminder', async (point) => {
    const address = `crash.${randomUUID().slice(0, 8)}@partner.example`;
    const key = randomUUID();
    armed = point;
    await expect(invite(address, key)).rejects.toBeInstanceOf(Crash);
    expect(armed, 'the crash point was reached').toBeUndefined();
    // What runs while the client waits: a committed record's mail and follow-up are finished by the sweep and the sender.
    await sweepAndDeliver();
    const again = await invite(address, key);
    await sweepAndDeliver();
    await expectFinished(address, again.guestId);
  }, 60_000);

  it.each(SENDER_POINTS)('when the sender dies at %s, then the sweep re-queues the entry and the next delivery finishes it without a second mail', async (point) => {
    const address = `sender.${randomUUID().slice(0, 8)}@partner.example`;
    const { guestId } = await invite(address, randomUUID());
    armed = point;
    await sweepAndDeliver();
    expect(armed, 'the crash point was reached').toBeUndefined();
    await sweepAndDeliver();
    await expectFinished(address, guestId);
  }, 60_000);
});
