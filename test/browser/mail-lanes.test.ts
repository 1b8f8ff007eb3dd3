import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { checkEverywhere } from './portal-support';

/**
 * Issue 18's mail acceptance in Chromium, with the mail sink enforcing Communication Services'
 * default quota (30 a minute, 100 an hour) and Gatehouse configured for it: a bulk job of 500
 * invitations is queued, and a one-time code requested on the My Access portal still arrives within
 * the first minute; an address that used "Block future invitations" cannot be invited again.
 */
const EM = 'identityGovernance/entitlementManagement';
const HEADER = 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody],Display name [displayName],jobTitle';
const BULK_ROWS = 500;

let rt: TestRuntime;
let browser: Browser;
let call: GraphCall;
let inviterToken: string;

type Mail = { to: string[]; plainText: string | null; headers: Record<string, string>; receivedDateTime: string };

const mailbox = async (to?: string): Promise<Mail[]> => (await (await fetch(`${rt.url}/dev/mailbox${to ? `?to=${encodeURIComponent(to)}` : ''}`)).json()) as Mail[];

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  rt = await startRuntime({
    env: { EMAIL_RATE_PER_MINUTE: '30', EMAIL_RATE_PER_HOUR: '100', INVITE_RATE_LIMIT_PER_5S: '0' },
    args: ['--mail-quota', 'default'],
  });
  call = graphCaller(rt, await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Directory.Read.All'] }));
  inviterToken = await rt.token({ roles: ['User.Invite.All'] });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

async function created(path: string, body: unknown): Promise<Json & { id: string }> {
  const res = await call('POST', path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body as Json & { id: string };
}

async function invite(address: string): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${rt.url}/api/v1.0/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${inviterToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ invitedUserEmailAddress: address, inviteRedirectUrl: 'https://apps.example/welcome', sendInvitationMessage: true }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('mail lanes at the default quota, in Chromium', () => {
  it('when a bulk job of 500 invitations is queued, then a one-time code requested on the portal arrives within the first minute', async () => {
    const suffix = randomUUID().slice(0, 8);
    const catalog = await created(`${EM}/catalogs`, { displayName: `Lanes ${suffix}`, state: 'published', isExternallyVisible: true });
    const pkg = await created(`${EM}/accessPackages`, { displayName: `Lanes package ${suffix}`, catalog: { id: catalog.id } });
    await created(`${EM}/assignmentPolicies`, {
      displayName: 'Partners',
      allowedTargetScope: 'allExternalUsers',
      expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] },
      accessPackage: { id: pkg.id },
    });
    const share = await call('GET', `${EM}/accessPackages/${pkg.id}/shareLink`);
    expect(share.status, JSON.stringify(share.body)).toBe(200);

    const rows = Array.from({ length: BULK_ROWS }, (_, i) => `bulk.${suffix}.${i}@partner.example,https://apps.example/welcome,true,,Bulk ${i},`);
    const upload = await fetch(`${rt.url}/api/v1.0/invitations/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${inviterToken}`, 'content-type': 'text/csv' },
      body: `${HEADER}\r\n${rows.join('\r\n')}\r\n`,
    });
    expect(upload.status).toBe(202);
    const jobUrl = upload.headers.get('location')!;
    const job = await until('the bulk job to finish', 600_000, async () => {
      const res = await fetch(jobUrl, { headers: { authorization: `Bearer ${inviterToken}` } });
      const body = (await res.json()) as Record<string, any>;
      return body['status'] === 'completed' ? body : undefined;
    });
    expect(job['succeeded']).toBe(BULK_ROWS);
    // The bulk lane's burst (its 22 of the minute) goes out at once; the rest waits for the quota, and the job says for how long.
    await until('the bulk burst', 60_000, async () => ((await mailbox()).length >= 20 ? true : undefined));
    const delivery = job['mailDelivery'] as Record<string, any>;
    expect(delivery['queuedMails']).toBeGreaterThan(400);
    const hoursLeft = (Date.parse(delivery['estimatedLastSendDateTime']) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(4);

    const outsider = `code.${suffix}@northwind.example`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(String(share.body['url']));
    await expect.poll(() => page.getByRole('heading', { name: `Lanes package ${suffix}` }).count()).toBe(1);
    await page.getByLabel('Email').fill(outsider);
    const requestedAt = Date.now();
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send code' }).click()]);
    expect(await page.getByLabel('Code').count()).toBe(1);
    // Codes have their share of the quota reserved: no delay to announce.
    expect(await page.getByText(/may take up to/).count()).toBe(0);
    const codeMail = await until('the code mail', 60_000, async () => (await mailbox(outsider))[0]);
    expect(Date.parse(codeMail.receivedDateTime) - requestedAt).toBeLessThan(60_000);
    const code = /\b(\d{6,10})\b/.exec(codeMail.plainText ?? '')?.[1];
    expect(code).toBeDefined();
    await page.getByLabel('Code').fill(code!);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
    expect(await page.getByRole('button', { name: 'Request access' }).count()).toBe(1);
    // The bulk backlog is still waiting: the code did not wait for it.
    const sent = (await mailbox()).filter((m) => m.to.some((a) => a.startsWith(`bulk.${suffix}.`))).length;
    expect(sent).toBeLessThan(BULK_ROWS);
    await context.close();
  }, 900_000);

  it('when the recipient blocks future invitations from the mail\'s link, then an invitation to the address is refused with a 400 naming it', async () => {
    const address = `blocker.${randomUUID().slice(0, 8)}@partner.example`;
    expect((await invite(address)).status).toBe(201);
    const mail = await until('the invitation mail', 90_000, async () => (await mailbox(address))[0]);
    const unsubscribe = /^<(.+)>$/.exec(mail.headers['List-Unsubscribe'] ?? '')?.[1];
    expect(unsubscribe).toMatch(/\/api\/unsubscribe\?token=/);
    // The footer's "Block future invitations" link is the same URL.
    expect(mail.plainText).toContain(unsubscribe);

    // Opening the page changes nothing, so it is scanned in every look before and after the block.
    await checkEverywhere(browser, rt, unsubscribe!, 'unsubscribe page (not blocked)');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(unsubscribe!);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Block future invitations' }).click()]);
    expect(await page.getByRole('button', { name: 'Allow invitations again' }).count()).toBe(1);
    await context.close();
    await checkEverywhere(browser, rt, unsubscribe!, 'unsubscribe page (blocked)');

    const refused = await invite(address.toUpperCase());
    expect(refused.status).toBe(400);
    expect(refused.body['error']['code']).toBe('BadRequest');
    expect(refused.body['error']['message']).toMatch(/blocked invitations from this organization/);
    expect(refused.body['error']['details']).toEqual([expect.objectContaining({ target: 'invitedUserEmailAddress', message: 'has blocked invitations from this organization' })]);

    // A mailbox provider's one-click POST (RFC 8058) blocks too, without a page or a cookie.
    const other = `oneclick.${randomUUID().slice(0, 8)}@partner.example`;
    expect((await invite(other)).status).toBe(201);
    const otherMail = await until('the second invitation mail', 90_000, async () => (await mailbox(other))[0]);
    const oneClick = /^<(.+)>$/.exec(otherMail.headers['List-Unsubscribe'] ?? '')![1]!;
    const posted = await fetch(oneClick, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(posted.status).toBe(200);
    expect((await invite(other)).status).toBe(400);
    // A forged token names nobody.
    expect((await fetch(`${rt.url}/api/unsubscribe?token=${encodeURIComponent(`${Buffer.from(address).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`)}`)).status).toBe(404);
  }, 240_000);
});
