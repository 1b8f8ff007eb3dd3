import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi } from '../e2e/invitations-support';

/**
 * Issue 6's acceptance path in Chromium: an admin shares an access package, an outsider requests
 * it through the My Access portal with a one-time passcode, the approver approves on the approval
 * page, and the outsider becomes a guest in the package's group and redeems.
 */
const EM = 'identityGovernance/entitlementManagement';

let rt: TestRuntime;
let browser: Browser;
let call: GraphCall;
let mail: ReturnType<typeof invitationApi>;

beforeAll(async () => {
  rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  const admin = await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'Directory.Read.All'] });
  call = graphCaller(rt, admin);
  mail = invitationApi(rt);
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

const textOf = (m: Record<string, any>): string => String(m['plainText'] ?? '');

/** What tells the mails apart: the passcode mail has a code and no link, the others their portal or redeem link. */
const KINDS = {
  oneTimePasscode: (text: string) => /\b\d{6,10}\b/.test(text) && !/\/approvals\/|\/api\/redeem/.test(text),
  approvalRequest: (text: string) => /\/approvals\//.test(text),
  requestApproved: (text: string) => /\/api\/redeem/.test(text),
};

/** The newest of at least `count` mails of `kind` to `address` (waits for it). */
async function mailOf(address: string, kind: keyof typeof KINDS, count = 1): Promise<Record<string, any>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = (await mail.mailsTo(address, 1, 1_000)).filter((m) => KINDS[kind](textOf(m)));
    if (found.length >= count) return found[found.length - 1]!;
    if (Date.now() > deadline) throw new Error(`no ${kind} mail to ${address}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const codeIn = (m: Record<string, any>): string => /\b(\d{6,10})\b/.exec(textOf(m))?.[1] ?? '';
const linkIn = (m: Record<string, any>, pattern: RegExp): string => {
  const url = [...textOf(m).matchAll(/https?:\/\/[^\s"<>)]+/g)].map((x) => x[0]).find((u) => pattern.test(u));
  if (!url) throw new Error(`no link matching ${pattern} in ${textOf(m).slice(0, 500)}`);
  return url;
};

/** Signs in on a portal page that asks for it: Email → Send code → Code from the mailbox → Verify. */
async function signIn(page: Page, address: string, codesBefore: number): Promise<void> {
  await page.getByLabel('Email').fill(address);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send code' }).click()]);
  const codeMail = await mailOf(address, 'oneTimePasscode', codesBefore + 1);
  await page.getByLabel('Code').fill(codeIn(codeMail));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
}

describe('My Access in Chromium', () => {
  it('when an outsider requests a shared package and the approver approves, then the outsider is a guest in the group, is told, and redeems', async () => {
    const suffix = randomUUID().slice(0, 8);
    const approverMail = `approver.${suffix}@fabrikam.onmicrosoft.com`;
    const approver = await created('users', {
      accountEnabled: true, displayName: 'Ada Approver', mailNickname: `ada${suffix}`, userPrincipalName: approverMail, mail: approverMail,
      passwordProfile: { password: `P@ss-${randomUUID()}` },
    });
    const group = await created('groups', { displayName: `Partners ${suffix}`, mailNickname: `partners${suffix}`, securityEnabled: true, mailEnabled: false });
    const catalog = await created(`${EM}/catalogs`, { displayName: `Partner catalog ${suffix}`, state: 'published', isExternallyVisible: true });
    const added = await call('POST', `${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: group.id, originSystem: 'AadGroup' }, catalog: { id: catalog.id } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const resourceId = (added.body['resource'] as { id: string }).id;
    const pkg = await created(`${EM}/accessPackages`, { displayName: `Project Falcon ${suffix}`, description: 'Access to the Falcon partner group', catalog: { id: catalog.id } });
    await created(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`, { role: { originId: `Member_${group.id}`, originSystem: 'AadGroup', resource: { id: resourceId } }, scope: { originId: 'Root', originSystem: 'AadGroup' } });
    await created(`${EM}/assignmentPolicies`, {
      displayName: 'Partners with approval',
      allowedTargetScope: 'allExternalUsers',
      expiration: { type: 'afterDuration', duration: 'P90D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true },
      requestApprovalSettings: {
        isApprovalRequiredForAdd: true,
        stages: [{ durationBeforeAutomaticDenial: 'P7D', primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: approver.id }] }],
      },
      accessPackage: { id: pkg.id },
    });
    const share = await call('GET', `${EM}/accessPackages/${pkg.id}/shareLink`);
    expect(share.status, JSON.stringify(share.body)).toBe(200);
    const shareUrl = String(share.body['url']);
    expect(shareUrl).toMatch(new RegExp(`/@[^/#]+#/access-packages/${pkg.id}$`));

    // The outsider opens the link, signs in with a code and requests access.
    const outsider = `lena.${suffix}@northwind.example`;
    const requester = await browser.newContext();
    const page = await requester.newPage();
    await page.goto(shareUrl);
    await expect.poll(() => page.getByRole('heading', { name: `Project Falcon ${suffix}` }).count()).toBe(1);
    await signIn(page, outsider, 0);
    await page.getByLabel(/^First name/).fill('Lena');
    await page.getByLabel(/^Last name/).fill('Northwind');
    await page.getByLabel('Justification').fill('I lead the Falcon integration at Northwind.');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Request access' }).click()]);
    expect(await page.getByRole('button', { name: 'Cancel request' }).count()).toBe(1);

    // The approver follows the mail's link, signs in the same way and approves.
    const approvalMail = await mailOf(approverMail, 'approvalRequest');
    const approvalUrl = linkIn(approvalMail, /\/approvals\//);
    const approverContext = await browser.newContext();
    const approverPage = await approverContext.newPage();
    await approverPage.goto(approvalUrl);
    await signIn(approverPage, approverMail, 0);
    await expect.poll(() => approverPage.getByText('I lead the Falcon integration at Northwind.').count()).toBeGreaterThan(0);
    await Promise.all([approverPage.waitForEvent('load'), approverPage.getByRole('button', { name: 'Approve' }).click()]);

    // The outsider is now a guest and a member of the group, and was told with a redemption link.
    const accessMail = await mailOf(outsider, 'requestApproved');
    const users = await call('GET', `users?$filter=mail eq '${outsider}'`);
    const guest = users.body.value?.[0] as Json & { id: string };
    expect(guest).toMatchObject({ userType: 'Guest', creationType: 'Invitation', externalUserState: 'PendingAcceptance' });
    const members = await call('GET', `groups/${group.id}/members`);
    expect(members.body.value?.map((m) => m['id'])).toContain(guest.id);
    // No invitation mail: the access mail carries the redemption link (two mails: the code and the access mail).
    expect((await mail.mailsTo(outsider)).length).toBe(2);

    // Redemption works from the mail's link.
    const redeemUrl = linkIn(accessMail, /\/api\/redeem/);
    await page.goto(redeemUrl);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Accept' }).click()]);
    await expect.poll(async () => (await call('GET', `users/${guest.id}`)).body['externalUserState']).toBe('Accepted');

    // Their status view shows the request delivered.
    await page.goto(shareUrl.replace(/\/@.*$/, '/requests'));
    await expect.poll(() => page.getByText(`Project Falcon ${suffix}`).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Cancel request' }).count()).toBe(0);
    await requester.close();
    await approverContext.close();
  }, 120_000);

  it('when the portal is used with the keyboard and read by assistive technology, then fields are labelled, Tab reaches them and Enter submits', async () => {
    const suffix = randomUUID().slice(0, 8);
    const catalog = await created(`${EM}/catalogs`, { displayName: `Keyboard catalog ${suffix}`, state: 'published', isExternallyVisible: true });
    const pkg = await created(`${EM}/accessPackages`, { displayName: `Keyboard package ${suffix}`, catalog: { id: catalog.id } });
    await created(`${EM}/assignmentPolicies`, {
      displayName: 'Partners', allowedTargetScope: 'allExternalUsers', expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true }, requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] }, accessPackage: { id: pkg.id },
    });
    const share = String((await call('GET', `${EM}/accessPackages/${pkg.id}/shareLink`)).body['url']);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(share);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: `Keyboard package ${suffix}` }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
    // Every visible input has a label that names it.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input:not([type=hidden]), textarea, select')].filter((el) => !(el as HTMLInputElement).labels?.length).length,
    );
    expect(unlabelled).toBe(0);

    const focusOn = async (name: string) => {
      for (let i = 0; i < 15; i++) {
        await page.keyboard.press('Tab');
        const label = await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el?.labels?.[0]?.textContent?.trim() ?? el?.textContent?.trim() ?? '';
        });
        if (label === name) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    const address = `kim.${suffix}@northwind.example`;
    await focusOn('Email');
    await page.keyboard.type(address);
    await focusOn('Send code');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    const code = codeIn(await mailOf(address, 'oneTimePasscode'));
    await focusOn('Code');
    await page.keyboard.type(code);
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await focusOn('First name (required)');
    await page.keyboard.type('Kim');
    await focusOn('Last name (required)');
    await page.keyboard.type('Keys');
    await focusOn('Justification');
    await page.keyboard.type('Keyboard only.');
    await focusOn('Request access');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    // No approval in this policy: the request is delivered and the status page says so.
    await expect.poll(async () => (await call('GET', `${EM}/assignmentRequests?$filter=accessPackage/id eq '${pkg.id}'`)).body.value?.[0]?.['state']).toBe('delivered');
    await context.close();
  }, 90_000);
});
