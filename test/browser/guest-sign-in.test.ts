import type { Browser, Page } from 'playwright-core';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { uniqueAddress } from '../e2e/invitations-support';
import { freePort, inviteWithRole, loadExampleApp, passcodeFor, redeemLinkFromMail, registerApp, signInWithCode, startSignInRuntime, type SignInRuntime } from './guest-sign-in-support';
import { checkEverywhereBy, type Look } from './portal-support';

let s: SignInRuntime;
let browser: Browser;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  s = await startSignInRuntime();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const stop of stops) await stop().catch(() => undefined);
  await browser?.close();
  await s?.rt.stop();
});

/** Registers an application and starts the example app as its client. */
async function exampleApp(options: { assignmentRequired?: boolean } = {}) {
  const port = await freePort();
  const app = await registerApp(s, { port, ...options });
  const started = await (await loadExampleApp())({ authority: s.authority, clientId: app.appId, clientSecret: app.secret, port });
  stops.push(started.stop);
  return { ...app, url: started.url };
}

const stateOf = async (userId: string) => (await s.api.call('GET', `users/${userId}`, s.admin)).body['externalUserState'];

describe('a guest signs in to an application through Gatehouse', () => {
  it('when the guest follows the mail link, proves the address with the code and accepts, then the example app shows their name and role without a second prompt', async () => {
    const app = await exampleApp({ assignmentRequired: true });
    const guest = await inviteWithRole(s, app, app.url);
    const link = await redeemLinkFromMail(s, guest.address);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send code' }).click()]);
    await page.getByLabel('Code').fill(await passcodeFor(s.rt, guest.address));
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
    await Promise.all([page.waitForURL(`${app.url}`), page.getByRole('button', { name: 'Accept' }).click()]);
    // The app sent the browser to the provider, which found the session the redemption opened.
    await page.locator('#roles').waitFor();
    expect(await page.locator('#roles').textContent()).toBe('Roles: Project.Read');
    expect(await page.locator('#email').textContent()).toBe(guest.address);
    expect(await stateOf(guest.userId)).toBe('Accepted');
    const log = await s.api.call('GET', 'auditLogs/signIns', s.admin);
    expect(log.status).toBe(200);
    const entry = (log.body['value'] as Array<Record<string, any>>).find((e) => e['userId'] === guest.userId);
    expect(entry?.['appId']).toBe(app.appId);
    expect(entry?.['status']?.['errorCode']).toBe(0);
    await context.close();
  }, 90_000);

  it('when the redeem link is forwarded and someone signs in with another address, then that person is refused and the invitation stays pending', async () => {
    const app = await exampleApp();
    const guest = await inviteWithRole(s, app, app.url);
    const link = await redeemLinkFromMail(s, guest.address);
    const context = await browser.newContext();
    const page = await context.newPage();
    const other = uniqueAddress('elsewhere.example');
    // The other person goes to the application and signs in with their own address.
    await page.goto(app.url);
    await signInWithCode(s.rt, page, other);
    await page.locator('#error').waitFor();
    expect(await page.locator('#error').textContent()).toMatch(/^access_denied: AADSTS50034/);
    // Then opens the forwarded link: only the check of the invited address, nothing to accept.
    await page.goto(link);
    expect(await page.getByText(`This invitation is for ${guest.address}.`).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    expect(await stateOf(guest.userId)).toBe('PendingAcceptance');
    await context.close();
  }, 90_000);
});

describe('a guest who goes straight to the application redeems at its sign-in (just in time)', () => {
  it('when the invited guest signs in with the code at the application, then the consent page is shown there and accepting lands them in the app with their role', async () => {
    const app = await exampleApp({ assignmentRequired: true });
    const guest = await inviteWithRole(s, app, 'https://apps.example/welcome');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(app.url);
    await signInWithCode(s.rt, page, guest.address);
    expect(await page.getByText(`This invitation is for ${guest.address}.`).count()).toBe(1);
    expect(await stateOf(guest.userId)).toBe('PendingAcceptance');
    await Promise.all([page.waitForURL(app.url), page.getByRole('button', { name: 'Accept' }).click()]);
    await page.locator('#roles').waitFor();
    expect(await page.locator('#roles').textContent()).toBe('Roles: Project.Read');
    expect(await page.locator('#idp').textContent()).toBe('Signed in through: mail');
    expect(await stateOf(guest.userId)).toBe('Accepted');
    await context.close();
  }, 90_000);
});

const words = (look: Look) =>
  look.locale === 'nl-NL'
    ? { email: 'E-mailadres', send: 'Code verzenden', code: 'Code', verify: 'Aanmelden', accept: 'Accepteren', title: 'Aanmelden' }
    : { email: 'Email', send: 'Send code', code: 'Code', verify: 'Sign in', accept: 'Accept', title: 'Sign in' };

describe('the sign-in pages pass axe in English and Dutch, light and dark, desktop and phone', () => {
  it('when the sign-in page, the code page and the consent step are shown in the browser\'s language, then each passes', async () => {
    const port = await freePort();
    const app = await registerApp(s, { port });
    const config = await oidc.discovery(new URL(s.authority), app.appId, app.secret, undefined, { execute: [oidc.allowInsecureRequests] });
    // The authorization request itself (no application page is loaded: only Gatehouse's pages are scanned).
    const start = async () =>
      oidc.buildAuthorizationUrl(config, { redirect_uri: app.redirectUri, scope: 'openid profile', state: oidc.randomState(), nonce: oidc.randomNonce(), code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256' }).href;
    const toCodePage = async (page: Page, look: Look, address: string) => {
      await page.goto(await start());
      await page.getByLabel(words(look).email, { exact: true }).fill(address);
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: words(look).send }).click()]);
    };
    await checkEverywhereBy(browser, s.rt, 'sign-in page', async (page, look) => {
      await page.goto(await start());
      expect(await page.title()).toBe(words(look).title);
    });
    await checkEverywhereBy(browser, s.rt, 'sign-in code page', async (page, look) => {
      await toCodePage(page, look, uniqueAddress('northwind.example'));
      await page.getByLabel(words(look).code, { exact: true }).waitFor();
    });
    await checkEverywhereBy(browser, s.rt, 'sign-in consent step', async (page, look) => {
      const guest = await inviteWithRole(s, app, 'https://apps.example/welcome');
      await toCodePage(page, look, guest.address);
      await page.getByLabel(words(look).code, { exact: true }).fill(await passcodeFor(s.rt, guest.address));
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: words(look).verify }).click()]);
      await page.getByRole('button', { name: words(look).accept }).waitFor();
    });
  }, 240_000);
});
