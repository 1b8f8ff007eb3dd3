import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { graphCaller, type GraphCall, type Json } from '../support/graph-caller';
import { startRuntime, type TestRuntime } from '../support/runtime';
import { invitationApi, invitationBody, uniqueAddress } from '../e2e/invitations-support';
import { passcodeFor } from '../e2e/my-access-support';
import { checkEverywhere, checkEverywhereBy, type Look } from './portal-support';

/**
 * Issue 18, item 5: every guest-facing page not already scanned by the journeys (my-access-home,
 * branding) passes axe with zero violations in English and Dutch, light on a desktop and dark on a
 * phone, without sideways scrolling or anything loaded from elsewhere.
 */
const EM = 'identityGovernance/entitlementManagement';
let rt: TestRuntime;
let browser: Browser;
let call: GraphCall;
let inviter: string;
let portal: string;
let packageId: string;

const words = (look: Look) =>
  look.locale === 'nl-NL' ? { email: 'E-mail', send: 'Code verzenden', code: 'Code', verify: 'Controleren' } : { email: 'Email', send: 'Send code', code: 'Code', verify: 'Verify' };

async function created(path: string, body: unknown): Promise<Json & { id: string }> {
  const res = await call('POST', path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body as Json & { id: string };
}

beforeAll(async () => {
  rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  call = graphCaller(rt, await rt.token({ roles: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Directory.Read.All'] }));
  inviter = await rt.token({ roles: ['User.Invite.All'] });
  browser = await launchChromium();
  const catalog = await created(`${EM}/catalogs`, { displayName: 'Axe catalog', state: 'published', isExternallyVisible: true });
  const pkg = await created(`${EM}/accessPackages`, { displayName: 'Axe package', description: 'For the scans', catalog: { id: catalog.id } });
  await created(`${EM}/assignmentPolicies`, {
    displayName: 'Partners', allowedTargetScope: 'allExternalUsers', expiration: { type: 'afterDuration', duration: 'P30D' },
    requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfUpdateAccess: true }, requestApprovalSettings: { isApprovalRequiredForAdd: false, stages: [] }, accessPackage: { id: pkg.id },
  });
  packageId = pkg.id;
  portal = String((await call('GET', `${EM}/accessPackages/${pkg.id}/shareLink`)).body['url']).replace(/\/@.*$/, '');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

/** On a page with the portal's sign-in form: Email → Send code (the code page). */
async function sendCode(page: Page, look: Look, address: string): Promise<void> {
  await page.getByLabel(words(look).email, { exact: true }).fill(address);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: words(look).send }).click()]);
}

async function signIn(page: Page, look: Look, address: string): Promise<void> {
  await sendCode(page, look, address);
  await page.getByLabel(words(look).code, { exact: true }).fill(await passcodeFor(rt, address));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: words(look).verify }).click()]);
}

describe('guest pages pass axe in English and Dutch, light and dark, desktop and phone', () => {
  it('when the portal shows its plain pages, then the share-link page, the not-available page and the code page pass', async () => {
    await checkEverywhere(browser, rt, `${portal}/@fabrikam.example#/nothing-here`, 'share link without a package');
    await checkEverywhere(browser, rt, `${portal}/access-packages/no-such-package`, 'not available (404)');
    await checkEverywhereBy(browser, rt, 'portal code page', async (page, look) => {
      await page.goto(`${portal}/requests`);
      await sendCode(page, look, `code.${randomUUID().slice(0, 8)}@northwind.example`);
      await page.getByLabel(words(look).code, { exact: true }).waitFor();
    });
    await checkEverywhereBy(browser, rt, 'portal wrong code (400)', async (page, look) => {
      await page.goto(`${portal}/requests`);
      await sendCode(page, look, `wrong.${randomUUID().slice(0, 8)}@northwind.example`);
      await page.getByLabel(words(look).code, { exact: true }).fill('00000000');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: words(look).verify }).click()]);
      await page.getByRole('alert').waitFor();
    });
  }, 180_000);

  it('when a partner has access, then the package form with a refused request, the extend page and the approvals page pass', async () => {
    await checkEverywhereBy(browser, rt, 'package form with a refused request (400)', async (page, look) => {
      await page.goto(`${portal}/access-packages/${packageId}`);
      await signIn(page, look, `refused.${randomUUID().slice(0, 8)}@northwind.example`);
      await page.evaluate(() => document.querySelectorAll('[required]').forEach((el) => el.removeAttribute('required')));
      await Promise.all([page.waitForEvent('load'), page.locator('button.primary').first().click()]);
      await page.getByRole('alert').waitFor();
    });
    await checkEverywhereBy(browser, rt, 'extend page', async (page, look) => {
      const address = `extend.${randomUUID().slice(0, 8)}@northwind.example`;
      await page.goto(`${portal}/access-packages/${packageId}`);
      await signIn(page, look, address);
      await page.locator('input[name=givenName]').fill('Eve');
      await page.locator('input[name=surname]').fill('Extender');
      await Promise.all([page.waitForEvent('load'), page.locator('button.primary').first().click()]);
      await expect.poll(async () => (await call('GET', `${EM}/assignments?$filter=accessPackage/id eq '${packageId}'`)).body.value?.filter((a: Json) => (a['target'] as Json)?.['email'] === address && a['state'] === 'delivered').length, { timeout: 20_000 }).toBe(1);
      await page.goto(`${portal}/access-packages?tab=active`);
      await Promise.all([page.waitForEvent('load'), page.locator('a.button[href*="/extend"]').first().click()]);
    });
    await checkEverywhereBy(browser, rt, 'approvals page of a directory user', async (page, look) => {
      const suffix = randomUUID().slice(0, 8);
      const address = `approver.${suffix}@fabrikam.onmicrosoft.com`;
      await created('users', { accountEnabled: true, displayName: 'Axe Approver', mailNickname: `axe${suffix}`, userPrincipalName: address, mail: address, passwordProfile: { password: `P@ss-${randomUUID()}` } });
      await page.goto(`${portal}/approvals`);
      await signIn(page, look, address);
    });
  }, 240_000);

  it('when an invitation is opened, then the address check, the code page, the invalid link and the declined page pass', async () => {
    const api = invitationApi(rt);
    const invite = async () => {
      const address = uniqueAddress();
      const res = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, inviteRedirectUrl: `${rt.url}/api/health` }));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { address, url: String(res.body['inviteRedeemUrl']) };
    };
    await checkEverywhere(browser, rt, (await invite()).url, 'redeem address check');
    await checkEverywhere(browser, rt, `${rt.url}/api/redeem?ticket=not-a-ticket`, 'redeem invalid link (404)');
    await checkEverywhereBy(browser, rt, 'redeem code page', async (page, look) => {
      await page.goto((await invite()).url);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: words(look).send }).click()]);
    });
    await checkEverywhereBy(browser, rt, 'redeem declined page', async (page, look) => {
      const { address, url } = await invite();
      await page.goto(url);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: words(look).send }).click()]);
      await page.locator('input[name=code]').fill(await passcodeFor(rt, address));
      await Promise.all([page.waitForEvent('load'), page.locator('button.primary').click()]);
      await Promise.all([page.waitForEvent('load'), page.locator('button[value=decline]').click()]);
    });
  }, 240_000);
});
