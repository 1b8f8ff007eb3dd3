import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { uniqueAddress } from '../e2e/invitations-support';
import { freePort, inviteWithRole, loadExampleApp, redeemLinkFromMail, registerApp, startSignInRuntime, type SignInRuntime } from './guest-sign-in-support';

/**
 * The partner's identity provider: a second `oidc-provider` started by the test, whose users are
 * whoever types an address (its development login page) with that address as a verified email.
 */
async function startPartnerProvider(port: number, redirectUri: string): Promise<Server> {
  const { default: Provider } = await import('oidc-provider');
  const partner = new Provider(`http://127.0.0.1:${port}`, {
    clients: [{ client_id: 'gatehouse', client_secret: 'partner-secret', redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post' }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      return { accountId: id, claims: async () => ({ sub: id, email: id, email_verified: true }) };
    },
  });
  const server = createServer(partner.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

let s: SignInRuntime;
let browser: Browser;
let partner: Server;
let partnerIssuer: string;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const partnerPort = await freePort();
  partnerIssuer = `http://127.0.0.1:${partnerPort}`;
  s = await startSignInRuntime({
    SIGN_IN_FEDERATION_ISSUER: `http://127.0.0.1:${partnerPort}`,
    SIGN_IN_FEDERATION_CLIENT_ID: 'gatehouse',
    SIGN_IN_FEDERATION_CLIENT_SECRET: 'partner-secret',
    SIGN_IN_FEDERATION_NAME: 'Partner',
  });
  partner = await startPartnerProvider(partnerPort, `${s.rt.url}/api/${s.tenantId}/oauth2/v2.0/federated/callback`);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const stop of stops) await stop().catch(() => undefined);
  await browser?.close();
  partner?.closeAllConnections();
  await new Promise((resolve) => partner?.close(resolve));
  await s?.rt.stop();
});

/** At the partner's development login page: any address, any password, then its consent. */
async function signInAtPartner(page: Page, address: string): Promise<void> {
  await page.locator('input[name="login"]').fill(address);
  await page.locator('input[name="password"]').fill('anything');
  await Promise.all([page.waitForEvent('load'), page.locator('button[type="submit"]').click()]);
  await Promise.all([page.waitForEvent('load'), page.locator('button[type="submit"]').click()]);
}

describe('a guest redeems and signs in through their own organization (federation)', () => {
  it('when the guest proves the invited address at the partner and accepts, then the example app shows their role without a second prompt', async () => {
    const port = await freePort();
    const app = await registerApp(s, { port, assignmentRequired: true });
    const started = await (await loadExampleApp())({ authority: s.authority, clientId: app.appId, clientSecret: app.secret, port });
    stops.push(started.stop);
    const guest = await inviteWithRole(s, app, started.url);
    const page = await (await browser.newContext()).newPage();
    await page.goto(await redeemLinkFromMail(s, guest.address));
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Sign in with Partner' }).click()]);
    await signInAtPartner(page, guest.address);
    await Promise.all([page.waitForURL(started.url), page.getByRole('button', { name: 'Accept' }).click()]);
    await page.locator('#roles').waitFor();
    expect(await page.locator('#roles').textContent()).toBe('Roles: Project.Read');
    // The token's idp names the partner, and the user's identities record the federated sign-in as Graph does.
    expect(await page.locator('#idp').textContent()).toBe(`Signed in through: ${partnerIssuer}`);
    const user = (await s.api.call('GET', `users/${guest.userId}?$select=externalUserState,identities`, s.admin)).body;
    expect(user['externalUserState']).toBe('Accepted');
    expect(user['identities']).toContainEqual({ signInType: 'federated', issuer: partnerIssuer, issuerAssignedId: guest.address });
    const log = await s.api.call('GET', `auditLogs/signIns?$filter=userId eq '${guest.userId}'`, s.admin);
    expect((log.body['value'] as Array<Record<string, any>>)[0]?.['status']['additionalDetails']).toBe(`Identity provider: ${partnerIssuer}`);
    await page.context().close();
  }, 90_000);

  it('when an invited guest goes straight to the application and signs in at the partner, then the consent page is shown there and accepting redeems and signs them in', async () => {
    const port = await freePort();
    const app = await registerApp(s, { port, assignmentRequired: true });
    const started = await (await loadExampleApp())({ authority: s.authority, clientId: app.appId, clientSecret: app.secret, port });
    stops.push(started.stop);
    const guest = await inviteWithRole(s, app, 'https://apps.example/welcome');
    const page = await (await browser.newContext()).newPage();
    await page.goto(started.url);
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Sign in with Partner' }).click()]);
    await signInAtPartner(page, guest.address);
    expect(await page.getByText(`This invitation is for ${guest.address}.`).count()).toBe(1);
    expect((await s.api.call('GET', `users/${guest.userId}`, s.admin)).body['externalUserState']).toBe('PendingAcceptance');
    await Promise.all([page.waitForURL(started.url), page.getByRole('button', { name: 'Accept' }).click()]);
    await page.locator('#roles').waitFor();
    expect(await page.locator('#roles').textContent()).toBe('Roles: Project.Read');
    expect(await page.locator('#idp').textContent()).toBe(`Signed in through: ${partnerIssuer}`);
    expect((await s.api.call('GET', `users/${guest.userId}`, s.admin)).body['externalUserState']).toBe('Accepted');
    await page.context().close();
  }, 90_000);

  it('when a forwarded link is used by someone who signs in at the partner with another address, then nothing is redeemed', async () => {
    const port = await freePort();
    const app = await registerApp(s, { port });
    const guest = await inviteWithRole(s, app, `http://127.0.0.1:${port}/`);
    const page = await (await browser.newContext()).newPage();
    await page.goto(await redeemLinkFromMail(s, guest.address));
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Sign in with Partner' }).click()]);
    const other = uniqueAddress('elsewhere.example');
    await signInAtPartner(page, other);
    expect(await page.getByText(`This invitation is for ${guest.address}.`).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    expect((await s.api.call('GET', `users/${guest.userId}`, s.admin)).body['externalUserState']).toBe('PendingAcceptance');
    await page.context().close();
  }, 90_000);
});
