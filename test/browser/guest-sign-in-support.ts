import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { freePort } from '../../dev/free-port';
import { invitationApi, invitationBody, uniqueAddress } from '../e2e/invitations-support';
import { passcodeFor } from '../e2e/my-access-support';
import { startRuntime, type TestRuntime } from '../support/runtime';

/** The example application (examples/guest-app.mjs), started in the test's process. */
type GuestApp = { url: string; redirectUri: string; stop(): Promise<void> };
type StartGuestApp = (options: { authority: string; clientId: string; clientSecret?: string | undefined; port: number }) => Promise<GuestApp>;
export async function loadExampleApp(): Promise<StartGuestApp> {
  const file = path.resolve(__dirname, '..', '..', 'examples', 'guest-app.mjs');
  return ((await import(file)) as { startGuestApp: StartGuestApp }).startGuestApp;
}

/** A runtime, an administrator token and the API helpers for the sign-in tests. */
export async function startSignInRuntime(env: Record<string, string> = {}) {
  const rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000', ...env } });
  const api = invitationApi(rt);
  const admin = await rt.token({ roles: ['Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All', 'User.ReadWrite.All', 'User.Invite.All', 'AuditLog.Read.All', 'Directory.Read.All', 'Group.ReadWrite.All'] });
  const org = await api.call('GET', 'organization', admin);
  const tenantId = String(org.body['value'][0]['id']);
  return { rt, api, admin, tenantId, authority: `${rt.url}/api/${tenantId}/v2.0` };
}

export type SignInRuntime = Awaited<ReturnType<typeof startSignInRuntime>>;

/** Registers an application with a web redirect URI, one app role and a client secret, and its service principal. */
export async function registerApp(s: SignInRuntime, options: { port: number; assignmentRequired?: boolean; spa?: boolean }) {
  const roleId = randomUUID();
  const redirectUri = `http://127.0.0.1:${options.port}/callback`;
  const created = await s.api.call('POST', 'applications', s.admin, {
    displayName: `Project room ${roleId.slice(0, 4)}`,
    ...(options.spa ? { spa: { redirectUris: [redirectUri] } } : { web: { redirectUris: [redirectUri] } }),
    appRoles: [{ id: roleId, displayName: 'Project reader', description: 'Reads the project', value: 'Project.Read', allowedMemberTypes: ['User'], isEnabled: true }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const appId = String(created.body['appId']);
  let secret: string | undefined;
  if (!options.spa) {
    const password = await s.api.call('POST', `applications/${created.body['id']}/addPassword`, s.admin, { passwordCredential: { displayName: 'example app' } });
    expect(password.status).toBe(200);
    secret = String(password.body['secretText']);
  }
  const sp = await s.api.call('POST', 'servicePrincipals', s.admin, { appId });
  expect(sp.status, JSON.stringify(sp.body)).toBe(201);
  expect(sp.body['displayName']).toBe(created.body['displayName']);
  if (options.assignmentRequired) expect((await s.api.call('PATCH', `servicePrincipals/${sp.body['id']}`, s.admin, { appRoleAssignmentRequired: true })).status).toBe(204);
  return { id: String(created.body['id']), appId, secret, roleId, servicePrincipalId: String(sp.body['id']), redirectUri };
}

/** Invites a guest whose redirect is the application, and gives them the app role. */
export async function inviteWithRole(s: SignInRuntime, app: Awaited<ReturnType<typeof registerApp>>, redirectUrl: string) {
  const address = uniqueAddress();
  const res = await s.api.call('POST', 'invitations', s.admin, invitationBody({ invitedUserEmailAddress: address, inviteRedirectUrl: redirectUrl, sendInvitationMessage: true }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const userId = String(res.body['invitedUser']['id']);
  const assigned = await s.api.call('POST', `servicePrincipals/${app.servicePrincipalId}/appRoleAssignedTo`, s.admin, { principalId: userId, resourceId: app.servicePrincipalId, appRoleId: app.roleId });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
  return { address, userId };
}

/** The redeem link in the invitation mail to `address`. */
export async function redeemLinkFromMail(s: SignInRuntime, address: string): Promise<string> {
  const mails = await s.api.mailsTo(address, 1);
  const link = /https?:\/\/\S+\/api\/redeem\?ticket=[A-Za-z0-9_-]{43}/.exec(String(mails[0]?.['plainText'] ?? ''))?.[0];
  expect(link, 'an invitation mail with a redeem link').toBeTruthy();
  return link!;
}

/** Types an email, then the mailed code, on a page showing a "Send code" form. */
export async function signInWithCode(rt: TestRuntime, page: Page, address: string, codesBefore = 0, verifyButton = 'Sign in'): Promise<void> {
  await page.getByLabel('Email').fill(address);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send code' }).click()]);
  await page.getByLabel('Code').fill(await passcodeFor(rt, address, codesBefore + 1));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: verifyButton }).click()]);
}

export { freePort, passcodeFor };
