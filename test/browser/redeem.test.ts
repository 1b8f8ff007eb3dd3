import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../support/runtime';
import { invitationBody, startInvitationRuntime, uniqueAddress, type invitationApi } from '../e2e/invitations-support';
import { passcodeFor } from '../e2e/my-access-support';

let rt: TestRuntime;
let browser: Browser;
let api: ReturnType<typeof invitationApi>;
let inviter: string;
let reader: string;

beforeAll(async () => {
  ({ rt, api, inviter, reader } = await startInvitationRuntime());
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

/** Where the guest lands: any page that answers; the local host's health endpoint does. */
const redirect = () => `${rt.url}/api/health`;

async function invite(): Promise<{ id: string; url: string; address: string }> {
  const address = uniqueAddress();
  const res = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, inviteRedirectUrl: redirect(), invitedUserMessageInfo: { customizedMessageBody: 'See you in the project room.' } }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body['id'], url: res.body['inviteRedeemUrl'], address };
}

/** The step before consent, as a person does it: Send code, read the mail, type the code, Verify. */
async function proveAddress(page: Page, address: string): Promise<void> {
  expect(await page.getByText(`This invitation is for ${address}.`).count()).toBe(1);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send code' }).click()]);
  await page.getByLabel('Code').fill(await passcodeFor(rt, address));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
  await page.getByRole('button', { name: 'Accept' }).waitFor();
}

const stateOf = async (id: string) => (await api.call('GET', `users/${id}`, reader)).body['externalUserState'];

describe('redeem page in Chromium', () => {
  it('when a forwarded link is opened in another browser, then only the address check shows and there is nothing to accept', async () => {
    const { id, url, address } = await invite();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    expect(await page.getByText(`This invitation is for ${address}.`).count()).toBe(1);
    expect(await page.getByText(/This link is personal/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    expect(await stateOf(id)).toBe('PendingAcceptance');
    await context.close();
  }, 30_000);

  it('when the guest proves the address with the mailed code and clicks Accept, then the browser lands on the redirect URL and the guest is Accepted', async () => {
    const { id, url, address } = await invite();
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.title()).not.toBe('');
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    await proveAddress(page, address);
    expect(await page.getByText(redirect()).count()).toBe(1);
    await expect.poll(() => stateOf(id)).toBe('PendingAcceptance');
    await Promise.all([page.waitForURL(redirect()), page.getByRole('button', { name: 'Accept' }).click()]);
    expect(page.url()).toBe(redirect());
    expect(await stateOf(id)).toBe('Accepted');
    await page.close();
  }, 30_000);

  it('when the page is used with the keyboard only, then Tab reaches Accept and Enter submits it', async () => {
    const { id, url, address } = await invite();
    const page = await browser.newPage();
    await page.goto(url);
    await proveAddress(page, address);
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'accept'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.value ?? '');
    }
    expect(focused).toBe('accept');
    await Promise.all([page.waitForURL(redirect()), page.keyboard.press('Enter')]);
    expect(await stateOf(id)).toBe('Accepted');
    await page.close();
  }, 30_000);

  it('when the pages are read by assistive technology, then buttons and the code field have accessible names, each page has a language and one heading', async () => {
    const { url, address } = await invite();
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
    expect(await page.getByRole('button', { name: 'Send code' }).count()).toBe(1);
    await proveAddress(page, address);
    const buttons = page.getByRole('button');
    expect(await buttons.count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Decline' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
    expect(await page.getByText('See you in the project room.').count()).toBe(1);
    expect(await page.locator('script').count()).toBe(0);
    await page.close();
  }, 30_000);

  it('when the guest clicks Decline, then the decline page shows and the guest stays pending', async () => {
    const { id, url, address } = await invite();
    const page = await browser.newPage();
    await page.goto(url);
    await proveAddress(page, address);
    const consentTitle = await page.title();
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Decline' }).click()]);
    expect(await page.title()).not.toBe(consentTitle);
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await stateOf(id)).toBe('PendingAcceptance');
    await page.close();
  }, 30_000);
});
