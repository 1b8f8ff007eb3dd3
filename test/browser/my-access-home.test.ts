import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi } from '../e2e/invitations-support';
import { checkEverywhere, DESKTOP, signInOnPage, watchedContext } from './portal-support';

/**
 * Issue 18's My Access acceptance in Chromium: a partner signs in, sees the package, gives their
 * name and requests; the approver sees who asks (name, address, organization, date, policy, days
 * left) and approves; the partner's home page then lists the package under active access with its
 * end date, and the package page says "You have access until". Every page on the way passes axe
 * in English and Dutch, light and dark, desktop and phone.
 */
const EM = 'identityGovernance/entitlementManagement';

let rt: TestRuntime;
let browser: Browser;
let call: GraphCall;

beforeAll(async () => {
  rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  call = graphCaller(rt, await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'Directory.Read.All'] }));
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

/** The approval link of the newest approval mail to `address`. */
async function approvalLink(address: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    for (const m of (await invitationApi(rt).mailsTo(address, 1, 0)).reverse()) {
      const url = /https?:\/\/\S+\/approvals\/[^\s"<>?]+/.exec(String(m['plainText'] ?? ''))?.[0];
      if (url) return url;
    }
    if (Date.now() > deadline) throw new Error(`no approval mail to ${address}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const formatted = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(new Date(iso));

describe('My Access home in Chromium', () => {
  it('when a partner requests a shared package and it is approved, then the home page shows it under Active with its end date', async () => {
    const suffix = randomUUID().slice(0, 8);
    const approverMail = `approver.${suffix}@fabrikam.onmicrosoft.com`;
    const approver = await created('users', {
      accountEnabled: true, displayName: 'Ada Approver', mailNickname: `ada${suffix}`, userPrincipalName: approverMail, mail: approverMail, passwordProfile: { password: `P@ss-${randomUUID()}` },
    });
    const partnerDomain = `northwind-${suffix}.example`;
    await created(`${EM}/connectedOrganizations`, { displayName: `Northwind Traders ${suffix}`, identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: partnerDomain, displayName: 'Northwind' }] });
    const group = await created('groups', { displayName: `Falcon ${suffix}`, mailNickname: `falcon${suffix}`, securityEnabled: true, mailEnabled: false });
    const catalog = await created(`${EM}/catalogs`, { displayName: `Partners ${suffix}`, state: 'published', isExternallyVisible: true });
    const added = await call('POST', `${EM}/resourceRequests`, { requestType: 'adminAdd', resource: { originId: group.id, originSystem: 'AadGroup' }, catalog: { id: catalog.id } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const pkg = await created(`${EM}/accessPackages`, { displayName: `Project Falcon ${suffix}`, description: 'The Falcon partner workspace', catalog: { id: catalog.id } });
    await created(`${EM}/accessPackages/${pkg.id}/resourceRoleScopes`, { role: { originId: `Member_${group.id}`, originSystem: 'AadGroup', resource: { id: (added.body['resource'] as { id: string }).id } }, scope: { originId: 'Root', originSystem: 'AadGroup' } });
    await created(`${EM}/assignmentPolicies`, {
      displayName: 'Northwind partners',
      allowedTargetScope: 'allExternalUsers',
      expiration: { type: 'afterDuration', duration: 'P30D' },
      requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfUpdateAccess: true },
      requestApprovalSettings: { isApprovalRequiredForAdd: true, stages: [{ durationBeforeAutomaticDenial: 'P7D', primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: approver.id }] }] },
      accessPackage: { id: pkg.id },
    });
    const shareUrl = String((await call('GET', `${EM}/accessPackages/${pkg.id}/shareLink`)).body['url']);
    const portal = shareUrl.replace(/\/@.*$/, '');

    // The partner opens the link, signs in, is asked for a name, and requests.
    const partner = `lena.${suffix}@${partnerDomain}`;
    const { context, page, problems } = await watchedContext(browser, rt, { locale: 'en-US', colorScheme: 'light', viewport: DESKTOP });
    await page.goto(shareUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: `Project Falcon ${suffix}` }).count()).toBe(1);
    await signInOnPage(rt, page, partner);
    const packageUrl = page.url();
    await checkEverywhere(browser, rt, packageUrl, 'package page with the request form', await context.storageState());
    // Without a name the request is refused with 400 and the page says why.
    await page.getByLabel('Justification').fill('I lead the Falcon integration at Northwind.');
    await page.evaluate(() => document.querySelectorAll('input[required]').forEach((el) => el.removeAttribute('required')));
    const refused = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Request access' }).click()]);
    expect(refused[0].status()).toBe(400);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter your first and last name.');
    await page.getByLabel(/^First name/).fill('Lena');
    await page.getByLabel(/^Last name/).fill('Visser');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Request access' }).click()]);
    expect(await page.getByRole('button', { name: 'Cancel request' }).count()).toBe(1);
    await checkEverywhere(browser, rt, `${portal}/requests`, 'requests with history', await context.storageState());
    // Before approval the package is on the Available tab, and the home page passes everywhere.
    await page.goto(`${portal}/access-packages`);
    expect(await page.getByRole('heading', { level: 3, name: `Project Falcon ${suffix}` }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Active (0)' }).count()).toBe(1);
    await checkEverywhere(browser, rt, `${portal}/access-packages`, 'home, available', await context.storageState());

    // The approver sees who asks and approves.
    const approval = await approvalLink(approverMail);
    const approverSide = await watchedContext(browser, rt, { locale: 'en-US', colorScheme: 'light', viewport: DESKTOP });
    await approverSide.page.goto(approval);
    await signInOnPage(rt, approverSide.page, approverMail);
    const details = await approverSide.page.locator('dl').first().innerText();
    expect(details).toContain('Lena Visser');
    expect(details).toContain(partner);
    expect(details).toContain(`Northwind Traders ${suffix}`);
    expect(details).toContain('Northwind partners');
    expect(details).toMatch(/7 days, then the request is denied automatically|6 days, then/);
    expect(await approverSide.page.getByText('I lead the Falcon integration at Northwind.').count()).toBeGreaterThan(0);
    await checkEverywhere(browser, rt, approval, 'approval page', await approverSide.context.storageState());
    await Promise.all([approverSide.page.waitForEvent('load'), approverSide.page.getByRole('button', { name: 'Approve' }).click()]);
    await approverSide.context.close();

    // Delivered: the partner is a named guest, and the home page shows the access with its end date.
    await expect.poll(async () => (await call('GET', `${EM}/assignments?$filter=accessPackage/id eq '${pkg.id}'`)).body.value?.[0]?.['state'], { timeout: 20_000 }).toBe('delivered');
    const assignment = (await call('GET', `${EM}/assignments?$filter=accessPackage/id eq '${pkg.id}'`)).body.value?.[0] as Json;
    const endDateTime = String((assignment['schedule'] as { expiration: { endDateTime: string } }).expiration.endDateTime);
    const guest = (await call('GET', `users?$filter=mail eq '${partner}'`)).body.value?.[0] as Json;
    expect(guest).toMatchObject({ displayName: 'Lena Visser', userType: 'Guest' });

    await page.goto(`${portal}/access-packages?tab=active`);
    const active = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `Project Falcon ${suffix}` }) });
    expect(await active.count()).toBe(1);
    expect(await active.innerText()).toContain(`Access until ${formatted(endDateTime, 'en-US')}`);
    expect(await active.getByRole('link', { name: 'Extend' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Available (0)' }).count()).toBe(1);
    await checkEverywhere(browser, rt, `${portal}/access-packages?tab=active`, 'home, active', await context.storageState());
    await checkEverywhere(browser, rt, `${portal}/access-packages?tab=expired`, 'home, expired', await context.storageState());

    // Search narrows the tab; the package page says until when instead of offering the form again.
    await page.getByLabel('Search access packages').fill('no such package');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Search' }).click()]);
    expect(await page.getByText('0 results for "no such package"').count()).toBe(1);
    await page.goto(packageUrl);
    expect(await page.getByText(`You have access until ${formatted(endDateTime, 'en-US')}.`).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Request access' }).count()).toBe(0);
    await checkEverywhere(browser, rt, packageUrl, 'package page with access', await context.storageState());

    // Signing out ends on the home page's sign-in form.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(new URL(page.url()).pathname).toBe(new URL(`${portal}/access-packages`).pathname);
    expect(await page.getByRole('button', { name: 'Send code' }).count()).toBe(1);
    await checkEverywhere(browser, rt, `${portal}/access-packages`, 'sign-in page');
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);
});
