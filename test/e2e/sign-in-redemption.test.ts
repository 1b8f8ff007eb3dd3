import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, inviteWithRole, passcodeFor, registerApp, startSignInRuntime, type SignInRuntime } from '../browser/guest-sign-in-support';
import { authorizationRequest, clientConfig, cookieBrowser, type CookieBrowser } from './openid-support';

/**
 * Issue 20: just-in-time redemption. A guest who goes straight to an application (not through the
 * mailed link) and proves the invited address at its sign-in is shown the consent page there;
 * accepting redeems and signs them in, declining or proving nothing redeems nothing.
 */
let s: SignInRuntime;

beforeAll(async () => {
  s = await startSignInRuntime();
}, 120_000);

afterAll(async () => {
  await s?.rt.stop();
});

const stateOf = async (userId: string) => (await s.api.call('GET', `users/${userId}`, s.admin)).body['externalUserState'];

/** Follows the provider's redirects to the sign-in page, then proves `email` (never signed in before) with the mailed code; returns the page after the code. */
async function signInByCode(browser: CookieBrowser, url: URL, email: string) {
  let page = await browser.go(url.href);
  while (page.status >= 300 && page.status < 400 && page.location) page = await browser.go(new URL(page.location, s.rt.url).href);
  const action = new URL(/action="([^"]+\/email)"/.exec(page.html)![1]!, s.rt.url).href;
  expect((await browser.go(action, { method: 'POST', form: { email } })).status).toBe(200);
  // A fresh address: its first code mail (the invitation mail is not one).
  const code = await passcodeFor(s.rt, email, 1);
  return { action: action.replace(/\/email$/, ''), page: await browser.go(action.replace(/\/email$/, '/code'), { method: 'POST', form: { email, code } }) };
}

/** Follows redirects from `first` until one leaves the provider: the application's callback. */
async function toApplication(browser: CookieBrowser, first: { status: number; location: string | null; html: string }): Promise<URL> {
  let page = first;
  for (let hops = 0; hops < 10; hops++) {
    if (page.status < 300 || page.status >= 400 || !page.location) throw new Error(`stopped at ${page.status}: ${page.html.slice(0, 300)}`);
    const target = new URL(page.location, s.rt.url);
    if (!target.href.startsWith(s.rt.url)) return target;
    page = await browser.go(target.href);
  }
  throw new Error('too many redirects');
}

async function invitedGuest() {
  const app = await registerApp(s, { port: await freePort(), assignmentRequired: true });
  const guest = await inviteWithRole(s, app, 'https://apps.example/welcome');
  const config = await clientConfig(s, app.appId, app.secret);
  const request = await authorizationRequest(config, app.redirectUri);
  return { app, guest, config, request, browser: cookieBrowser() };
}

describe('a guest who goes straight to an application redeems at its sign-in', () => {
  it('when the guest proves the invited address with a code, then the consent page is shown, and accepting redeems and signs them in with their role', async () => {
    const env = await invitedGuest();
    const { action, page } = await signInByCode(env.browser, env.request.url, env.guest.address);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`This invitation is for ${env.guest.address}.`);
    expect(page.html).toContain(`action="${new URL(action).pathname}/consent"`);
    // Showing the consent page changes nothing.
    expect(await stateOf(env.guest.userId)).toBe('PendingAcceptance');
    const callback = await toApplication(env.browser, await env.browser.go(`${action}/consent`, { method: 'POST', form: { decision: 'accept' } }));
    const tokens = await oidc.authorizationCodeGrant(env.config, callback, { pkceCodeVerifier: env.request.verifier, expectedNonce: env.request.nonce, expectedState: env.request.state });
    expect(tokens.claims()?.['oid']).toBe(env.guest.userId);
    expect(tokens.claims()?.['roles']).toEqual(['Project.Read']);
    expect(tokens.claims()?.['acct']).toBe(1);
    expect(await stateOf(env.guest.userId)).toBe('Accepted');
    const invitation = await s.api.call('GET', `auditLogs/directoryAudits?$filter=activityDisplayName eq 'Redeem external user invite'`, s.admin);
    expect((invitation.body['value'] as Array<Record<string, any>>).some((e) => e['targetResources'].some((t: Record<string, unknown>) => t['id'] === env.guest.userId))).toBe(true);
  });

  it('when the guest declines on the consent page, then the application gets access_denied and the guest stays unredeemed', async () => {
    const env = await invitedGuest();
    const { action } = await signInByCode(env.browser, env.request.url, env.guest.address);
    const callback = await toApplication(env.browser, await env.browser.go(`${action}/consent`, { method: 'POST', form: { decision: 'decline' } }));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(await stateOf(env.guest.userId)).toBe('PendingAcceptance');
  });

  it('when someone posts an acceptance without having proved the invited address, then nothing is redeemed', async () => {
    const env = await invitedGuest();
    let page = await env.browser.go(env.request.url.href);
    while (page.status >= 300 && page.status < 400 && page.location) page = await env.browser.go(new URL(page.location, s.rt.url).href);
    const action = new URL(/action="([^"]+)\/email"/.exec(page.html)![1]!, s.rt.url).href;
    const posted = await env.browser.go(`${action}/consent`, { method: 'POST', form: { decision: 'accept', email: env.guest.address } });
    expect(posted.status).toBe(200);
    expect(posted.html).toContain('name="email"');
    expect(await stateOf(env.guest.userId)).toBe('PendingAcceptance');
  });

  it('when another person proves their own address at the application, then they see no consent page and are refused', async () => {
    const env = await invitedGuest();
    const other = `other.${Date.now()}@elsewhere.example`;
    const { page } = await signInByCode(env.browser, env.request.url, other);
    const callback = await toApplication(env.browser, page);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toMatch(/^AADSTS50034/);
    expect(await stateOf(env.guest.userId)).toBe('PendingAcceptance');
  });
});

describe('the sign-in log answers Graph\'s $filter for sign-ins', () => {
  it('when filtered by application, user, result and time, then only those sign-ins are listed, and a page of one goes on with a next link', async () => {
    const env = await invitedGuest();
    const { action } = await signInByCode(env.browser, env.request.url, env.guest.address);
    await toApplication(env.browser, await env.browser.go(`${action}/consent`, { method: 'POST', form: { decision: 'accept' } }));
    const since = new Date(Date.now() - 60_000).toISOString();
    const byApp = await s.api.call('GET', `auditLogs/signIns?$filter=appId eq '${env.app.appId}' and status/errorCode eq 0 and createdDateTime ge ${since}`, s.admin);
    expect(byApp.status, JSON.stringify(byApp.body)).toBe(200);
    const entries = byApp.body['value'] as Array<Record<string, any>>;
    expect(entries.length).toBe(1);
    expect(entries[0]?.['userId']).toBe(env.guest.userId);
    expect(entries[0]?.['status']['errorCode']).toBe(0);
    const byUser = await s.api.call('GET', `auditLogs/signIns?$filter=userId eq '${env.guest.userId}'`, s.admin);
    expect((byUser.body['value'] as Array<Record<string, any>>).map((e) => e['appId'])).toEqual([env.app.appId]);
    const failures = await s.api.call('GET', `auditLogs/signIns?$filter=status/errorCode eq 50034&$top=1`, s.admin);
    expect(failures.status).toBe(200);
    expect((failures.body['value'] as Array<Record<string, any>>).map((e) => e['status']['errorCode'])).toEqual([50034]);
    const future = await s.api.call('GET', `auditLogs/signIns?$filter=createdDateTime ge 2099-01-01T00:00:00Z`, s.admin);
    expect(future.body['value']).toEqual([]);
    const paged = await s.api.call('GET', `auditLogs/signIns?$top=1&$orderby=createdDateTime desc`, s.admin);
    expect(paged.status).toBe(200);
    expect((paged.body['value'] as unknown[]).length).toBe(1);
    const nextLink = String(paged.body['@odata.nextLink']);
    const second = await s.api.call('GET', nextLink.slice(nextLink.indexOf('auditLogs/')), s.admin);
    expect(second.status).toBe(200);
    expect((second.body['value'] as Array<Record<string, any>>)[0]?.['id']).not.toBe((paged.body['value'] as Array<Record<string, any>>)[0]?.['id']);
    const refused = await s.api.call('GET', `auditLogs/signIns?$filter=riskState eq 'none'`, s.admin);
    expect(refused.status).toBe(400);
  });
});
