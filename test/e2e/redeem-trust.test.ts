import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime';
import { invitationBody, startInvitationRuntime, uniqueAddress, type invitationApi } from './invitations-support';
import { portalVisitor, signIn } from './my-access-support';
import { decideAs, newClientAddress, redeemAs } from './redeem-support';

/**
 * A redeem link is personal (issue 14): whoever holds it must prove the invited address before
 * consent, and no link sends a visitor to a destination the guest never accepted.
 */
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
const ticketIn = (html: string) => /name="ticket" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('a forwarded link redeems nothing', () => {
  it('when someone holds a link but proves nothing, then the page names the invited address, offers only the code, and a posted Accept is not redeemed', async () => {
    const address = uniqueAddress();
    const created = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    const visitor = portalVisitor(rt, newClientAddress());
    const page = await visitor.get(created.body['inviteRedeemUrl']);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`This invitation is for ${address}.`);
    expect(page.html).toContain('This link is personal');
    expect(page.html).not.toContain('name="decision"');
    const forced = await visitor.post('/api/redeem', { ticket: ticketIn(page.html), decision: 'accept' });
    expect(forced.status).toBe(200);
    expect(forced.html).toContain('action="/api/redeem/code"');
    expect(await userState(created.body['id'])).toBe('PendingAcceptance');
  });

  it("when a caller resends someone else's pending invitation, then the link in the answer redeems nothing without the invited person's code", async () => {
    const address = uniqueAddress();
    const created = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    const guestInviter = await rt.token({ roles: ['User.Invite.All'] });
    const resent = await api.call('POST', `users/${created.body['id']}/invitation/resend`, guestInviter);
    expect(resent.status).toBe(202);
    const visitor = portalVisitor(rt, newClientAddress());
    const page = await visitor.get(resent.body['inviteRedeemUrl']);
    // A code is mailed only to the invited address, never to the one holding the link.
    expect((await visitor.post('/api/redeem/code', { ticket: ticketIn(page.html), email: 'mallory@evil.example' })).status).toBe(200);
    expect(await api.mailsTo('mallory@evil.example', 1, 500)).toHaveLength(0);
    expect((await visitor.post('/api/redeem/verify', { ticket: ticketIn(page.html), code: '12345678' })).status).toBe(400);
    expect((await visitor.post('/api/redeem', { ticket: ticketIn(page.html), decision: 'accept' })).status).toBe(200);
    expect(await userState(created.body['id'])).toBe('PendingAcceptance');
  });

  it("when the visitor is signed in with another address, then they are told so and cannot accept", async () => {
    const address = uniqueAddress();
    const other = uniqueAddress();
    const created = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    const visitor = portalVisitor(rt, newClientAddress());
    await signIn(rt, visitor, other, '/api/myaccess/requests');
    const page = await visitor.get(created.body['inviteRedeemUrl']);
    expect(page.html).toContain(`You are signed in as ${other}`);
    const forced = await visitor.post('/api/redeem', { ticket: ticketIn(page.html), decision: 'accept' });
    expect(forced.status).toBe(200);
    expect(forced.html).not.toContain('name="decision"');
    expect(await userState(created.body['id'])).toBe('PendingAcceptance');
  });

  it('when the guest already signed in to My Access with the invited address, then the consent page shows at once', async () => {
    const address = uniqueAddress();
    const created = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    const visitor = portalVisitor(rt, newClientAddress());
    const verified = await signIn(rt, visitor, address, '/api/myaccess/requests');
    expect(verified.setCookie.join(';')).toMatch(/gatehouse_myaccess=[^;]+;.*path=\/api(;|$)/i);
    const consent = await visitor.get(created.body['inviteRedeemUrl']);
    expect(consent.html).toContain('name="decision" value="accept"');
    expect((await decideAs(visitor, 'accept')).location).toBe('https://apps.example/welcome');
    expect(await userState(created.body['id'])).toBe('Accepted');
  });

  it('when the wrong code is entered, then the code page says so with 400 and the guest stays pending', async () => {
    const address = uniqueAddress();
    const created = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    const visitor = portalVisitor(rt, newClientAddress());
    const page = await visitor.get(created.body['inviteRedeemUrl']);
    await visitor.post('/api/redeem/code', { ticket: ticketIn(page.html) });
    const wrong = await visitor.post('/api/redeem/verify', { ticket: ticketIn(page.html), code: '00000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('role="alert"');
    expect(wrong.setCookie.join(';')).not.toContain('gatehouse_myaccess=');
    expect(await userState(created.body['id'])).toBe('PendingAcceptance');
  });
});

describe('no open redirect', () => {
  it('when a redeemed guest is re-invited with another redirect URL, then its link shows a page instead of redirecting, and the destination is named only to the signed-in guest', async () => {
    const address = uniqueAddress();
    const first = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address }));
    const { visitor } = await redeemAs(rt, first.body['inviteRedeemUrl'], address);
    expect((await decideAs(visitor, 'accept')).location).toBe('https://apps.example/welcome');

    const again = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, inviteRedirectUrl: 'https://evil.example/' }));
    expect(again.status).toBe(201);
    const anonymous = await api.openLink(again.body['inviteRedeemUrl']);
    expect(anonymous.status).toBe(200);
    expect(anonymous.location).toBeNull();
    expect(anonymous.html).not.toContain('evil.example');

    const named = await visitor.get(again.body['inviteRedeemUrl']);
    expect(named.status).toBe(200);
    expect(named.location).toBeNull();
    expect(named.html).toContain('href="https://evil.example/"');

    // The guest's own link still leads where they accepted.
    const own = await api.openLink(first.body['inviteRedeemUrl']);
    expect(own.status).toBe(302);
    expect(own.location).toBe('https://apps.example/welcome');
  }, 30_000);
});
