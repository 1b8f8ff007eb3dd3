import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_MAILS_PER_GUEST } from '../../src/domain/invitations/resend-limit';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi, invitationBody, uniqueAddress } from './invitations-support';

/**
 * No lost update: concurrent re-invitations of one guest each read the invitation, spend one of the
 * guest's mails and record their own mail in one ETag-guarded write; a request that loses the race
 * decides again on a fresh read. So every 201 that says a mail was sent has its outbox row and its
 * mail, `sentCount` counts them, and the per-guest limit holds exactly.
 */
describe('concurrent re-invitations of one address', () => {
  let rt: TestRuntime;
  let api: ReturnType<typeof invitationApi>;
  let inviter: string;
  beforeAll(async () => {
    rt = await startRuntime({ env: { INVITE_RATE_LIMIT_PER_5S: '0', EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
    api = invitationApi(rt);
    inviter = await rt.token({ roles: ['User.Invite.All'] });
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
  });

  async function invitationPartition(guestId: string) {
    const table = TableClient.fromConnectionString(rt.storage, 'Invitations', { allowInsecureConnection: true });
    const rows: Array<Record<string, unknown>> = [];
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${guestId}'` } })) rows.push(row);
    return { record: rows.find((r) => r.rowKey === 'invitation')!, outbox: rows.filter((r) => String(r.rowKey).startsWith('outbox')) };
  }

  it('when 50 re-invitations with a mail arrive at once, then admitted answers = queued mails = mails in the sink = sentCount, and exactly the limit is admitted', async () => {
    const address = uniqueAddress();
    const first = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: true }));
    expect(first.status).toBe(201);
    const guestId = String(first.body['invitedUser']['id']);

    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: true }))),
    );
    const statuses = answers.map((a) => a.status);
    const admitted = answers.filter((a) => a.status === 201);
    expect(new Set(statuses), JSON.stringify(answers.filter((a) => a.status !== 201 && a.status !== 429).map((a) => a.body))).toEqual(new Set([201, 429]));
    // The first invitation spent one of the guest's mails.
    expect(admitted).toHaveLength(INVITATION_MAILS_PER_GUEST - 1);
    expect(admitted.every((a) => a.body['sendInvitationMessage'] === true)).toBe(true);
    expect(new Set(admitted.map((a) => a.body['inviteRedeemUrl'])).size).toBe(admitted.length);
    for (const refused of answers.filter((a) => a.status === 429)) expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    const { record, outbox } = await invitationPartition(guestId);
    const mailsSent = admitted.length + 1;
    expect(outbox).toHaveLength(mailsSent);
    expect(record['sentCount']).toBe(mailsSent);
    const mails = await api.mailsTo(address, mailsSent);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await api.mailsTo(address, mailsSent + 1, 500)).toHaveLength(mailsSent);
    // Each admitted answer's link is in exactly one mail.
    const mailed = mails.map((m) => /href="([^"]*\/api\/redeem\?ticket=[^"]+)"/.exec(m['html'])?.[1]?.replace(/&amp;/g, '&'));
    for (const a of [first, ...admitted]) expect(mailed.filter((l) => l === a.body['inviteRedeemUrl'])).toHaveLength(1);
  }, 60_000);

  it('when a guest is re-invited one request at a time, then the limit is the documented one: five mails including the first, the sixth refused with Retry-After', async () => {
    const address = uniqueAddress();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < INVITATION_MAILS_PER_GUEST + 2; i++) {
      const res = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: true }));
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
    }
    expect(INVITATION_MAILS_PER_GUEST).toBe(5);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(3600);
    expect(await api.mailsTo(address, 6, 3_000)).toHaveLength(5);
    // A re-invitation without a mail is still answered (a new link, nothing mailed).
    const quiet = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    expect(quiet.status).toBe(201);
  }, 60_000);

  it('when 20 first invitations of a new address arrive at once without a mail, then one guest is created and every answer is 201 for it', async () => {
    const address = uniqueAddress();
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }))));
    expect(answers.map((a) => a.status), JSON.stringify(answers.filter((a) => a.status !== 201).map((a) => a.body))).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body['invitedUser']['id'])).size).toBe(1);
  }, 60_000);
});
