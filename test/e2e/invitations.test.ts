import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime';
import { expectGraphError, invitationBody, startInvitationRuntime, uniqueAddress, type invitationApi } from './invitations-support';
import { decideAs, redeemAs } from './redeem-support';

let rt: TestRuntime;
let api: ReturnType<typeof invitationApi>;
let inviter: string;
let reader: string;

beforeAll(async () => {
  ({ rt, api, inviter, reader } = await startInvitationRuntime());
}, 60_000);

afterAll(async () => {
  await rt?.stop();
});

const userState = async (id: string) => (await api.call('GET', `users/${id}`, reader)).body['externalUserState'];

describe('invite → mail → consent page → accept', () => {
  it('when a guest is invited with a mail, then the mail carries the link, the page changes nothing, and Accept redirects and records Accepted', async () => {
    const address = uniqueAddress();
    const created = await api.call('POST', 'invitations', inviter, invitationBody({
      invitedUserEmailAddress: address,
      invitedUserDisplayName: 'Anna Partner',
      sendInvitationMessage: true,
      invitedUserMessageInfo: { customizedMessageBody: 'Welcome to the project', messageLanguage: 'nl-NL' },
    }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const invitation = created.body;
    expect(invitation['status']).toBe('PendingAcceptance');
    expect(invitation['invitedUser']['id']).toBe(invitation['id']);
    expect(invitation['invitedUserEmailAddress']).toBe(address);
    expect(invitation['inviteRedeemUrl']).toMatch(new RegExp(`^${rt.url}/api/redeem\\?ticket=[A-Za-z0-9_-]{43}$`));
    expect(invitation['invitedUserMessageInfo']['customizedMessageBody']).toBe('Welcome to the project');

    const guest = (await api.call('GET', `users/${invitation['id']}`, reader)).body;
    expect(guest).toMatchObject({ userType: 'Guest', creationType: 'Invitation', externalUserState: 'PendingAcceptance', mail: address, accountEnabled: true });
    expect(guest['userPrincipalName']).toBe(`${address.replace('@', '_')}#EXT#@fabrikam.onmicrosoft.com`);
    expect(guest['otherMails']).toContain(address);
    expect(guest['proxyAddresses']).toEqual([`SMTP:${address}`]);

    const [mail] = await api.mailsTo(address);
    expect(mail, 'the invitation mail reached the mailbox').toBeDefined();
    const link = /href="([^"]*\/api\/redeem\?ticket=[^"]+)"/.exec(mail!['html'])?.[1]?.replace(/&amp;/g, '&');
    expect(link).toBe(invitation['inviteRedeemUrl']);

    // Opening the link changes nothing and shows only the address check, in the invitation's language.
    const page = await api.openLink(link!);
    expect(page.status).toBe(200);
    expect(page.html).toContain('lang="nl-NL"');
    expect(page.html).toContain(address);
    expect(page.html).not.toContain('Welcome to the project');
    expect(page.html).not.toContain('name="decision"');
    expect(page.setCookie.join(';')).toMatch(/HttpOnly/i);
    expect(page.setCookie.join(';')).toMatch(/samesite=strict/i);
    expect(page.setCookie.join(';')).toMatch(/path=\/api\/redeem/i);
    expect(await userState(invitation['id'])).toBe('PendingAcceptance');

    // The invited person proves the address with the code mailed to it; then the consent page shows.
    const { visitor, consent } = await redeemAs(rt, link!, address, { codesBefore: 0 });
    expect(consent.status).toBe(200);
    expect(consent.html).toContain('Welcome to the project');
    expect(consent.html).toContain(address);
    expect(consent.html).toContain('https://apps.example/welcome');
    expect(await userState(invitation['id'])).toBe('PendingAcceptance');

    const accepted = await decideAs(visitor, 'accept');
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe('https://apps.example/welcome');
    expect(await userState(invitation['id'])).toBe('Accepted');

    // Later visits go straight to the destination the guest accepted.
    const later = await api.openLink(link!);
    expect(later.status).toBe(302);
    expect(later.location).toBe('https://apps.example/welcome');

    const status = await api.call('GET', `users/${invitation['id']}/invitation`, reader);
    expect(status.body).toMatchObject({ status: 'Completed', redemptionState: 'Accepted', sentCount: 1 });
    expect(status.body['consentDateTime']).toEqual(expect.any(String));
    expect(status.body['messageStatus']['status']).toBe('sent');
  }, 60_000);

  it('when the form comes without the CSRF cookie, then nothing is decided and the guest is sent back to the page', async () => {
    const created = await api.call('POST', 'invitations', inviter, invitationBody());
    const page = await api.openLink(created.body['inviteRedeemUrl']);
    const forged = await api.decide({ ticket: page.ticket!, csrf: page.csrf!, decision: 'accept' }, '');
    expect(forged.status).toBe(303);
    expect(forged.location).toMatch(/^\/api\/redeem\?ticket=/);
    expect(await userState(created.body['id'])).toBe('PendingAcceptance');
  });

  it('when the guest declines, then the decline page shows and the guest stays pending', async () => {
    const address = uniqueAddress();
    const created = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    const { visitor } = await redeemAs(rt, created.body['inviteRedeemUrl'], address);
    const declined = await decideAs(visitor, 'decline');
    expect(declined.status).toBe(200);
    expect(await userState(created.body['id'])).toBe('PendingAcceptance');
    const status = await api.call('GET', `users/${created.body['id']}/invitation`, reader);
    expect(status.body['redemptionState']).toBe('Declined');
  });

  it('when a link is malformed, unknown or tampered with, then every one gets the same neutral page and status', async () => {
    const created = await api.call('POST', 'invitations', inviter, invitationBody());
    const good: string = created.body['inviteRedeemUrl'];
    const tampered = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const answers = await Promise.all([`${rt.url}/api/redeem`, `${rt.url}/api/redeem?ticket=short`, tampered].map((u) => api.openLink(u)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([404]));
    expect(new Set(answers.map((a) => a.html)).size).toBe(1);
  });
});

describe('resend and reset', () => {
  it('when the invitation is resent or re-posted, then a new link is mailed and the earlier links keep working', async () => {
    const address = uniqueAddress();
    const first = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, sendInvitationMessage: true }));
    const again = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address.toUpperCase(), sendInvitationMessage: true }));
    expect(again.status).toBe(201);
    expect(again.body['id']).toBe(first.body['id']);
    expect(again.body['inviteRedeemUrl']).not.toBe(first.body['inviteRedeemUrl']);
    const resent = await api.call('POST', `users/${first.body['id']}/invitation/resend`, inviter);
    expect(resent.status).toBe(202);
    expect((await api.mailsTo(address, 3)).length).toBe(3);
    for (const url of [first.body['inviteRedeemUrl'], again.body['inviteRedeemUrl'], resent.body['inviteRedeemUrl']]) {
      expect((await api.openLink(url)).status).toBe(200);
    }
  }, 30_000);

  it('when redemption is reset, then every earlier link is revoked and the guest is pending again with the same id', async () => {
    const address = uniqueAddress();
    const first = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    const { visitor } = await redeemAs(rt, first.body['inviteRedeemUrl'], address);
    expect((await decideAs(visitor, 'accept')).status).toBe(303);
    expect(await userState(first.body['id'])).toBe('Accepted');

    const reset = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, resetRedemption: true, invitedUser: { id: first.body['id'] } }));
    expect(reset.status, JSON.stringify(reset.body)).toBe(201);
    expect(reset.body['id']).toBe(first.body['id']);
    expect(await userState(first.body['id'])).toBe('PendingAcceptance');
    expect((await api.openLink(first.body['inviteRedeemUrl'])).status).toBe(404);
    expect((await api.openLink(reset.body['inviteRedeemUrl'])).status).toBe(200);
  });

  it('when a guest is resent too often, then 429 with Retry-After', async () => {
    const created = await api.call('POST', 'invitations', inviter, invitationBody());
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await api.call('POST', `users/${created.body['id']}/invitation/resend`, inviter);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('refusals', () => {
  it('when 21 assignments are sent, then 400 naming assignments', async () => {
    const assignments = Array.from({ length: 21 }, () => ({ type: 'group', id: crypto.randomUUID() }));
    const res = await api.call('POST', 'invitations', inviter, invitationBody({ assignments }));
    expectGraphError(res, 400);
    expect(JSON.stringify(res.body)).toContain('assignments');
  });

  it('when a caller without Privileged Role Administrator assigns a directory role, then 403 and nothing is written', async () => {
    const before = await api.rowCounts();
    const userAdmin = crypto.randomUUID();
    await api.grantRoles(userAdmin, 'fe930be7-5e62-47db-91af-98c3a49a38b1');
    const res = await api.call('POST', 'invitations', await rt.token({ userId: userAdmin }), invitationBody({
      assignments: [{ type: 'directoryRole', roleDefinitionId: '95e79109-95c0-4d8e-aee3-d01accf2d47b' }],
    }));
    expectGraphError(res, 403);
    const after = await api.rowCounts();
    expect({ ...after, RoleAssignments: 0 }).toEqual({ ...before, RoleAssignments: 0 });
  });

  it('when the address belongs to a member, then 400 with Graph message', async () => {
    const member = await api.call('POST', 'users', reader, {
      accountEnabled: true, displayName: 'Member', mailNickname: 'mem', userPrincipalName: `mem${Date.now()}@fabrikam.onmicrosoft.com`, mail: `member.${Date.now()}@partner.example`,
    });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    const res = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: member.body['mail'].toUpperCase() }));
    expectGraphError(res, 400);
    expect(res.body['error']['message']).toBe("Non-external user already exists with the given mail address and can't be invited.");
  });

  it('when the address is in a verified domain, then 400', async () => {
    const res = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: uniqueAddress('fabrikam.onmicrosoft.com') }));
    expectGraphError(res, 400);
  });

  it('when the custom message is over the limit, then 400 naming the field', async () => {
    const res = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserMessageInfo: { customizedMessageBody: 'x'.repeat(10_001) } }));
    expectGraphError(res, 400);
    expect(JSON.stringify(res.body)).toContain('invitedUserMessageInfo.customizedMessageBody');
  });
});

describe('reminders (timer on demand)', () => {
  /** Moves a guest's index entries into the past: the clock of the due-date index, simulated. */
  async function makeDue(guestId: string) {
    const table = TableClient.fromConnectionString(rt.storage, 'InvitationReminders', { allowInsecureConnection: true });
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `guestId eq '${guestId}'` } })) {
      await table.deleteEntity(row.partitionKey!, row.rowKey!);
      await table.createEntity({ ...row, partitionKey: '2020-01-01', rowKey: `2020-01-01T00:00:00.000Z|${guestId}|${row['index']}`, dueAt: new Date('2020-01-01T00:00:00Z') });
    }
  }
  const runTimer = async () => expect((await fetch(`${rt.url}/admin/functions/sendInvitationReminders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":""}' })).status).toBe(202);

  it('when a pending guest is due, then one reminder with a working link is mailed; an accepted one gets none; a second run sends nothing more', async () => {
    const pending = uniqueAddress();
    const accepted = uniqueAddress();
    const a = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: pending }));
    const b = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: accepted }));
    const { visitor } = await redeemAs(rt, b.body['inviteRedeemUrl'], accepted);
    expect((await decideAs(visitor, 'accept')).status).toBe(303);
    await makeDue(a.body['id']);
    await makeDue(b.body['id']);

    await runTimer();
    const [reminder] = await api.mailsTo(pending, 1);
    expect(reminder, 'the reminder reached the mailbox').toBeDefined();
    const link = /href="([^"]*\/api\/redeem\?ticket=[^"]+)"/.exec(reminder!['html'])?.[1]?.replace(/&amp;/g, '&');
    expect((await api.openLink(link!)).status).toBe(200);
    await expect.poll(async () => (await api.call('GET', `users/${a.body['id']}/invitation`, reader)).body['sentCount']).toBe(1);

    await runTimer();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await api.mailsTo(pending, 2, 500)).toHaveLength(1);
    // The accepted guest got only the sign-in code they asked for, no reminder.
    const toAccepted = await api.mailsTo(accepted, 2, 500);
    expect(toAccepted.filter((m) => !/Verification code: \d{8}/.test(String(m['plainText'])))).toHaveLength(0);
  }, 30_000);
});

describe('addresses held by someone else', () => {
  it('when otherMails names an address another user holds, then the invitation is a prompt 409 and writes nothing', async () => {
    const taken = uniqueAddress();
    expect((await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: taken }))).status).toBe(201);
    const before = await api.rowCounts();
    const started = Date.now();
    const res = await api.call('POST', 'invitations', inviter, invitationBody({ otherMails: [taken] }));
    expectGraphError(res, 409);
    // Not mistaken for a concurrent invitation of the same address (which waits up to 4 s for the other request's guest).
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await api.rowCounts()).toEqual(before);
  }, 30_000);
});
