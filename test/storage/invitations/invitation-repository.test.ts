import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { Failure } from '../../../src/domain/errors';
import type { Invitation } from '../../../src/domain/invitations/invitation';
import type { InvitationMail } from '../../../src/domain/invitations/ports';
import { hashSecret } from '../../../src/domain/secrets';
import { createTableInvitationRepository } from '../../../src/storage/invitation-repository';
import { createTableTicketStore } from '../../../src/storage/invitation-tickets';
import { encodeKey } from '../../../src/storage/keys';

const now = new Date('2026-03-01T10:00:00Z');
let table: TableClient;
let queue: QueueClient;

beforeEach(async () => {
  const cs = inject('azuriteConnectionString');
  const name = `inv${randomUUID().replace(/-/g, '')}`;
  table = TableClient.fromConnectionString(cs, name, { allowInsecureConnection: true });
  queue = new QueueClient(cs, `q-${randomUUID()}`);
  await Promise.all([table.createTable(), queue.create()]);
});

const repository = () => createTableInvitationRepository({ table, outboxTable: 'Invitations', queue, now: () => now });

function buildInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    guestId: randomUUID(),
    invitedUserEmailAddress: 'Anna@partner.example',
    invitedUserDisplayName: null,
    invitedUserType: 'Guest',
    inviteRedirectUrl: 'https://apps.example/',
    sendInvitationMessage: true,
    messageInfo: { ccRecipients: [{ address: 'cc@partner.example', name: null }], customizedMessageBody: 'Hi', messageLanguage: null },
    inviter: { kind: 'user', id: 'u1', displayName: 'Ines', email: 'ines@fabrikam.example' },
    sponsor: { kind: 'user', id: 'u1' },
    state: 'PendingAcceptance',
    generation: 0,
    invitedAt: now,
    lastIssuedAt: now,
    lastSentAt: null,
    lastOutboxId: null,
    sentCount: 0,
    consent: null,
    declinedAt: null,
    expiresAt: null,
    remindersSent: 0,
    mailAllowance: null,
    lastOperationKey: null,
    ...overrides,
  };
}

function buildMail(outboxId: string): InvitationMail {
  const org = { displayName: 'Fabrikam', domain: 'fabrikam.example', privacyStatementUrl: null, privacyContactEmail: null };
  const url = 'https://gatehouse.example/api/redeem?ticket=x';
  return {
    v: 1, outboxId, kind: 'invitation', to: [{ address: 'Anna@partner.example' }],
    data: { organization: org, inviter: { displayName: 'Ines', email: 'ines@fabrikam.example' }, redeemUrl: url, redirectUrl: 'https://apps.example/', blockFutureInvitationsUrl: url },
  };
}

const outboxRows = async (guestId: string) => {
  const rows = [];
  for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${encodeKey(guestId)}' and RowKey ne 'invitation'` } })) rows.push(row);
  return rows;
};

describe('invitation repository on Table Storage', () => {
  it('when an invitation is saved and read back, then every field survives, nulls and dates included', async () => {
    const invitation = buildInvitation({ consent: { at: now, statementUrl: null, redirectUrl: 'https://apps.example/start' }, declinedAt: now, expiresAt: new Date('2026-04-01T00:00:00Z'), lastSentAt: now });
    await repository().save(invitation, undefined);
    const stored = await repository().get(invitation.guestId);
    expect(stored).toEqual({ invitation, etag: expect.any(String) });
  });

  it('when a mail is saved with the invitation, then its outbox row sits in the guest partition, the pointer is queued and its status is pending', async () => {
    const invitation = buildInvitation();
    const outboxId = randomUUID();
    await repository().save({ ...invitation, lastOutboxId: outboxId }, undefined, buildMail(outboxId));
    expect((await outboxRows(invitation.guestId)).map((r) => r['outboxId'])).toEqual([outboxId]);
    const [message] = (await queue.receiveMessages()).receivedMessageItems;
    expect(JSON.parse(Buffer.from(message!.messageText, 'base64').toString('utf8'))).toEqual({ v: 1, outboxId, table: 'Invitations', partitionKey: encodeKey(invitation.guestId), lane: 'invitation' });
    expect(await repository().deliveryStatus(invitation.guestId, outboxId)).toMatchObject({ outboxId, status: 'pending', attempts: 0 });
  });

  it('when a second insert or a stale ETag is used, then the change and its mail are refused together', async () => {
    const invitation = buildInvitation();
    await repository().save(invitation, undefined);
    const { etag } = (await repository().get(invitation.guestId))!;
    await expect(repository().save(invitation, undefined, buildMail(randomUUID()))).rejects.toMatchObject({ code: 'conflict' });
    await repository().save({ ...invitation, state: 'Accepted' }, etag);
    const stale = repository().save({ ...invitation, state: 'Declined' }, etag, buildMail(randomUUID()));
    await expect(stale).rejects.toBeInstanceOf(Failure);
    await expect(stale).rejects.toMatchObject({ code: 'preconditionFailed' });
    expect(await outboxRows(invitation.guestId)).toEqual([]);
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
    expect((await repository().get(invitation.guestId))!.invitation.state).toBe('Accepted');
  });
});

describe('ticket store on Table Storage', () => {
  const ticket = () => ({
    hash: hashSecret(randomUUID()),
    guestId: randomUUID(),
    generation: 2,
    issuedAt: now,
    expiresAt: null,
    redirectUrl: 'https://apps.example/',
    messageLanguage: 'nl-NL',
    customMessage: null,
    inviter: { displayName: 'Ines', email: 'ines@fabrikam.example' },
  });

  it('when a ticket is issued, then it is found by its hash alone and a second ticket with that hash is refused', async () => {
    const store = createTableTicketStore(table);
    const t = ticket();
    await store.issue(t);
    expect(await store.find(t.hash)).toEqual(t);
    expect(await store.find(hashSecret('other'))).toBeUndefined();
    expect(await store.find("' or 1 eq 1")).toBeUndefined();
    await expect(store.issue(t)).rejects.toMatchObject({ code: 'conflict' });
  });
});
