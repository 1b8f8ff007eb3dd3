import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser';
import { graphCaller, type GraphCall, type Json } from '../../support/graph-caller';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { invitationApi } from '../../e2e/invitations-support';
import { passcodeFor } from '../../e2e/my-access-support';
import { consoleContext, consoleUrl, heading, scanBothLanguages, signIn } from './console-support';

/**
 * Issue 17's acceptance path through the console only: the seeded Global Administrator signs in,
 * invites a guest with the wizard, resends, the guest redeems, then builds an access package with
 * an external policy, shares its link, a stranger requests it and the administrator approves it.
 * Every screen is scanned by axe in English and Dutch.
 */
let rt: TestRuntime;
let browser: Browser;
let call: GraphCall;
let mail: ReturnType<typeof invitationApi>;
const ADMIN = 'Gatehouse Administrator';

beforeAll(async () => {
  rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  call = graphCaller(rt, await rt.token({ roles: ['Group.ReadWrite.All', 'User.ReadWrite.All', 'Directory.Read.All', 'RoleManagement.ReadWrite.Directory'] }));
  mail = invitationApi(rt);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

const textOf = (m: Record<string, any>): string => String(m['plainText'] ?? '');
const linkIn = (m: Record<string, any>, pattern: RegExp): string => {
  const url = [...textOf(m).matchAll(/https?:\/\/[^\s"<>)]+/g)].map((x) => x[0]).find((u) => pattern.test(u));
  if (!url) throw new Error(`no link matching ${pattern} in ${textOf(m).slice(0, 300)}`);
  return url;
};

/** Mails to `address` whose text matches `pattern`, once there are at least `count`. */
async function mailsMatching(address: string, pattern: RegExp, count: number): Promise<Record<string, any>[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = (await mail.mailsTo(address, 1, 1_000)).filter((m) => pattern.test(textOf(m)));
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The portal's one-time-passcode sign-in: Email → Send code → the code from the mailbox → Verify. */
async function portalSignIn(page: Page, address: string): Promise<void> {
  await page.getByLabel('Email').fill(address);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send code' }).click()]);
  await page.getByLabel('Code').fill(await passcodeFor(rt, address));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
}

async function created(path: string, body: unknown): Promise<Json & { id: string }> {
  const res = await call('POST', path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body as Json & { id: string };
}

/** Follows a link of the console's navigation. */
const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

/** Picks an option in a Fluent combobox by typing part of its name. */
async function pick(page: Page, label: string, typed: string, option: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).fill(typed);
  await page.getByRole('option', { name: option }).click();
}

describe('the admin center in Chromium', () => {
  it('when the seeded administrator invites, resends, the guest redeems, and a shared package is requested and approved, then every step shows in the console', async () => {
    const suffix = randomUUID().slice(0, 8);
    const group = await created('groups', { displayName: `Partners ${suffix}`, mailNickname: `partners${suffix}`, securityEnabled: true, mailEnabled: false, description: 'B2B guests' });
    const guest = `guest.${suffix}@contoso.example`;
    const { context, page, problems } = await consoleContext(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: rt.url });

    // Sign in as the seeded Global Administrator.
    await page.goto(consoleUrl(rt));
    await heading(page, 'Gatehouse admin center');
    await scanBothLanguages(page, 'sign-in');
    await signIn(page, rt, ADMIN);
    await heading(page, 'Users');
    await scanBothLanguages(page, 'users list');

    // The invite wizard: Basics, Properties, Assignments (one group), Review + invite.
    await page.getByRole('button', { name: 'Invite external user' }).click();
    await heading(page, 'Invite external user');
    await page.getByLabel('Email').fill('not-an-address');
    await page.getByLabel('Display name').click();
    await expect.poll(() => page.getByText('Enter an email address such as name@example.com.').count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('Email').fill(guest);
    await expect.poll(() => page.getByText('Enter an email address such as name@example.com.').count(), { timeout: 15_000 }).toBe(0);
    await page.getByLabel('Display name').fill(`Lena ${suffix}`);
    await page.getByLabel('Message', { exact: true }).fill('Welcome to the Falcon project.');
    await scanBothLanguages(page, 'invite: basics');
    await page.getByRole('button', { name: 'Next: Properties' }).click();
    await page.getByLabel('Job title').fill('Integration lead');
    await page.getByLabel('Company name').fill('Contoso');
    await scanBothLanguages(page, 'invite: properties');
    await page.getByRole('button', { name: 'Next: Assignments' }).click();
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByRole('searchbox').last().fill(`Partners ${suffix}`);
    await page.getByRole('checkbox', { name: `Partners ${suffix}` }).check();
    await scanBothLanguages(page, 'invite: group picker');
    await page.getByRole('button', { name: 'Select' }).click();
    await expect.poll(() => page.getByRole('cell', { name: `Partners ${suffix}`, exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await scanBothLanguages(page, 'invite: assignments');
    await page.getByRole('button', { name: 'Review + invite' }).click();
    await scanBothLanguages(page, 'invite: review');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();

    // The new user opens: the B2B collaboration tile says PendingAcceptance.
    await heading(page, `Lena ${suffix}`);
    await expect.poll(() => page.getByText('PendingAcceptance').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await scanBothLanguages(page, 'user overview with B2B tile');
    const guestId = page.url().split('/').pop()!;
    const stored = await call('GET', `users/${guestId}`);
    expect(stored.body).toMatchObject({ mail: guest, userType: 'Guest', jobTitle: 'Integration lead', companyName: 'Contoso' });
    const groups = await call('GET', `users/${guestId}/memberOf`);
    expect(groups.body.value?.map((g) => g['id'])).toEqual([group.id]);
    expect((await mailsMatching(guest, /\/api\/redeem/, 1))[0]!['plainText']).toContain('Welcome to the Falcon project.');

    // The list shows them as PendingAcceptance.
    await nav(page, 'Users');
    await page.getByRole('searchbox').fill(`Lena ${suffix}`);
    await expect.poll(() => page.getByRole('row', { name: new RegExp(`Lena ${suffix}.*PendingAcceptance`) }).count(), { timeout: 15_000 }).toBe(1);

    // Resend invitation puts a second invitation mail in the mailbox.
    await page.getByRole('link', { name: `Lena ${suffix}` }).click();
    await page.getByRole('button', { name: 'Resend invitation' }).click();
    await expect.poll(() => page.getByRole('status').getByText('The invitation was sent again.').count(), { timeout: 15_000 }).toBe(1);
    const invitations = await mailsMatching(guest, /\/api\/redeem/, 2);
    expect(invitations.length).toBe(2);

    // Other user tabs (scanned once each).
    for (const tab of ['Properties', 'Groups', 'Applications', 'Assigned roles']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForLoadState('networkidle');
      await scanBothLanguages(page, `user tab ${tab}`);
    }
    await expect.poll(() => page.getByRole('cell', { name: `Partners ${suffix}`, exact: true }).count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('tab', { name: 'Groups' }).click();
    await expect.poll(() => page.getByRole('cell', { name: `Partners ${suffix}`, exact: true }).count(), { timeout: 15_000 }).toBe(1);

    // The guest redeems in a second browser context.
    const guestContext = await browser.newContext();
    const guestPage = await guestContext.newPage();
    await guestPage.goto(linkIn(invitations[invitations.length - 1]!, /\/api\/redeem/));
    // Redemption first proves the invited address with a mailed code, then asks for consent.
    await Promise.all([guestPage.waitForEvent('load'), guestPage.getByRole('button', { name: 'Send code' }).click()]);
    await guestPage.getByLabel('Code').fill(await passcodeFor(rt, guest));
    await Promise.all([guestPage.waitForEvent('load'), guestPage.getByRole('button', { name: 'Verify' }).click()]);
    await Promise.all([guestPage.waitForEvent('load'), guestPage.getByRole('button', { name: 'Accept' }).click()]);
    await guestContext.close();
    await nav(page, 'Users');
    await page.getByRole('searchbox').fill(`Lena ${suffix}`);
    await expect.poll(() => page.getByRole('row', { name: new RegExp(`Lena ${suffix}.*Accepted`) }).count(), { timeout: 15_000 }).toBe(1);

    // Groups: the guest the wizard added is a member; adding and removing a member (confirmed) works.
    await nav(page, 'Groups');
    await heading(page, 'Groups');
    await page.getByRole('searchbox').fill(`Partners ${suffix}`);
    await page.getByRole('link', { name: `Partners ${suffix}` }).click();
    await heading(page, `Partners ${suffix}`);
    await expect.poll(() => page.getByRole('cell', { name: `Lena ${suffix}`, exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await scanBothLanguages(page, 'group members');
    await pick(page, 'User to add', 'Gatehouse', /Gatehouse Administrator/);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Gatehouse Administrator', exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Remove Gatehouse Administrator' }).click();
    await scanBothLanguages(page, 'remove member confirmation');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Gatehouse Administrator', exact: true }).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await call('GET', `groups/${group.id}/members`)).body.value?.map((m) => m['id']), { timeout: 15_000 }).toEqual([guestId]);

    // An access package with a policy for all external users, approved by the administrator.
    await nav(page, 'Access packages');
    await heading(page, 'Access packages');
    await scanBothLanguages(page, 'access packages');
    await page.getByRole('button', { name: 'New access package' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Project Falcon ${suffix}`);
    await page.getByLabel('Description').fill('Access to the Falcon partner group');
    await page.getByRole('textbox', { name: 'Name of a new catalog' }).fill(`Partners catalog ${suffix}`);
    await scanBothLanguages(page, 'new package: basics');
    await page.getByRole('button', { name: 'Next' }).click();
    await pick(page, 'Add a group (member role)', `Partners ${suffix}`, new RegExp(`Partners ${suffix}`));
    await page.getByRole('button', { name: 'Add group' }).click();
    await scanBothLanguages(page, 'new package: resource roles');
    await page.getByRole('button', { name: 'Next' }).click();
    await pick(page, 'Approver', 'Gatehouse', /Gatehouse Administrator/);
    await scanBothLanguages(page, 'new package: requests');
    await page.getByRole('button', { name: 'Next' }).click();
    await scanBothLanguages(page, 'new package: review');
    await page.getByRole('button', { name: 'Create' }).click();
    await heading(page, `Project Falcon ${suffix}`);
    await scanBothLanguages(page, 'package overview');

    // Copy the My Access portal link from the Overview.
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.getByText('Copied to the clipboard.').count(), { timeout: 15_000 }).toBe(1);
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await page.getByLabel('My Access portal link').inputValue());
    expect(link).toMatch(/\/@[^/#]+#\/access-packages\/[0-9a-f-]{36}$/);

    // Send link (a dialog): the partner gets it by mail.
    await page.getByRole('button', { name: 'Send link' }).click();
    await page.getByLabel('Recipients (one per line)').fill(`partner.${suffix}@northwind.example`);
    await scanBothLanguages(page, 'send link dialog');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByText('The link was sent.').count(), { timeout: 15_000 }).toBe(1);
    expect((await mailsMatching(`partner.${suffix}@northwind.example`, /access-packages/, 1)).length).toBe(1);

    // A stranger requests it through the portal.
    const stranger = `sam.${suffix}@fabrikam-partner.example`;
    const strangerContext = await browser.newContext();
    const strangerPage = await strangerContext.newPage();
    await strangerPage.goto(link);
    await expect.poll(() => strangerPage.getByRole('heading', { name: `Project Falcon ${suffix}` }).count(), { timeout: 15_000 }).toBe(1);
    await portalSignIn(strangerPage, stranger);
    // The directory does not know the stranger yet, so the form asks for their name.
    await strangerPage.getByLabel(/^First name/).fill('Sam');
    await strangerPage.getByLabel(/^Last name/).fill('Partner');
    await strangerPage.getByLabel('Justification').fill('I run the Falcon rollout at the partner.');
    await Promise.all([strangerPage.waitForEvent('load'), strangerPage.getByRole('button', { name: 'Request access' }).click()]);
    await strangerContext.close();

    // The administrator approves it in My approvals.
    await nav(page, 'My approvals');
    await heading(page, 'My approvals');
    await expect.poll(() => page.getByText('I run the Falcon rollout at the partner.').count(), { timeout: 15_000 }).toBe(1);
    await scanBothLanguages(page, 'my approvals');
    await page.getByLabel('Reason (shown to the requestor)').fill('Known partner.');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByText('Approved.').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByText('Nothing is waiting for your decision.').count(), { timeout: 15_000 }).toBe(1);

    // The delivered assignment shows on the package.
    await nav(page, 'Access packages');
    await page.getByRole('link', { name: `Project Falcon ${suffix}` }).click();
    await page.getByRole('tab', { name: 'Assignments' }).click();
    await expect
      .poll(
        async () => {
          await page.getByRole('tab', { name: 'Overview' }).click();
          await page.getByRole('tab', { name: 'Assignments' }).click();
          return page.getByRole('row', { name: /delivered/i }).count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    await scanBothLanguages(page, 'package assignments');

    // Requests: the stranger's request is delivered, and its history shows the approval.
    await nav(page, 'Requests');
    await heading(page, 'Access package requests');
    await page.getByLabel('State').selectOption('delivered');
    await expect.poll(() => page.getByRole('row', { name: new RegExp(`Project Falcon ${suffix}.*Delivered`) }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('row', { name: new RegExp(`Project Falcon ${suffix}`) }).getByRole('link').click();
    await heading(page, `Request for Project Falcon ${suffix}`);
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: /Requested by .*I run the Falcon rollout/ }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: /Stage 1: Approved by Gatehouse Administrator \("Known partner\."\)/ }).count(), { timeout: 15_000 }).toBe(1);
    await scanBothLanguages(page, 'request history');

    // Deleted users and audit logs (Global Administrator) render and pass axe too.
    await nav(page, 'Deleted users');
    await heading(page, 'Deleted users');
    await scanBothLanguages(page, 'deleted users');
    await nav(page, 'Audit logs');
    await heading(page, 'Audit logs');
    await expect.poll(() => page.getByRole('row').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await scanBothLanguages(page, 'audit logs');
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);
});
