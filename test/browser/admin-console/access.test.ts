import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_ROLE_TEMPLATE_IDS } from '../../../src/domain/principal';
import { launchChromium } from '../../support/browser';
import { graphCaller, type GraphCall, type Json } from '../../support/graph-caller';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { consoleContext, consoleUrl, heading, scanBothLanguages, signIn } from './console-support';

/**
 * Who sees what: a directory user without a role gets the no-access page; a User Administrator
 * does not see (and the API does not let them do) what only a Global Administrator may; the
 * console works at phone width, in dark mode and by keyboard.
 */
let rt: TestRuntime;
let browser: Browser;
let call: GraphCall;
let nobody: Json & { id: string };
let userAdmin: Json & { id: string };
const suffix = randomUUID().slice(0, 8);

async function member(name: string): Promise<Json & { id: string }> {
  const nick = `${name.split(' ')[0]!.toLowerCase()}${suffix}`;
  const res = await call('POST', 'users', { accountEnabled: true, displayName: name, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com`, passwordProfile: { password: `P-${randomUUID()}` } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Json & { id: string };
}

beforeAll(async () => {
  rt = await startRuntime();
  call = graphCaller(rt, await rt.token({ roles: ['User.ReadWrite.All', 'Directory.Read.All', 'RoleManagement.ReadWrite.Directory'] }));
  nobody = await member(`Nora ${suffix}`);
  userAdmin = await member(`Uma ${suffix}`);
  const assigned = await call('POST', 'roleManagement/directory/roleAssignments', { principalId: userAdmin.id, roleDefinitionId: DIRECTORY_ROLE_TEMPLATE_IDS['User Administrator'], directoryScopeId: '/' });
  expect(assigned.status).toBe(201);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

describe('npm run token', () => {
  it('when a runtime runs on free ports, then the token script mints for that instance (it reads what the start recorded)', async () => {
    const env = { ...process.env, GATEHOUSE_DEV_DIR: rt.devDir };
    delete env['AUTH_ISSUER'];
    delete env['AUTH_AUDIENCE'];
    const token = execFileSync(process.execPath, ['dist/dev/token.js', '--roles', 'Directory.Read.All'], { cwd: path.resolve(__dirname, '../../..'), env, encoding: 'utf8' }).trim();
    const res = await fetch(`${rt.url}/api/v1.0/users?$top=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(JSON.parse(readFileSync(path.join(rt.devDir, 'runtime.json'), 'utf8'))).toMatchObject({ url: rt.url, consoleUrl: `${rt.url}/api/admin/` });
  });
});

describe('access to the admin center', () => {
  it('when a directory user without an administrator role signs in, then they see the no-access page, not an error', async () => {
    const { context, page, problems } = await consoleContext(browser);
    await signIn(page, rt, `Nora ${suffix}`);
    await heading(page, 'You have no access to the admin center');
    expect(await page.getByText(`Nora ${suffix} is signed in, but is not a directory user with an administrator role.`, { exact: false }).count()).toBe(1);
    await scanBothLanguages(page, 'no access');
    // Signing out ends the provider's session too, so the next sign-in asks who you are again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(consoleUrl(rt));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('button', { name: `Uma ${suffix}`, exact: true }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('when a User Administrator signs in, then Global-Administrator-only areas and role assignment are not offered, and the API refuses them too', async () => {
    const { context, page, problems } = await consoleContext(browser);
    await signIn(page, rt, `Uma ${suffix}`);
    await heading(page, 'Users');
    const links = await page.getByRole('navigation').getByRole('link').allTextContents();
    expect(links).toEqual(['Users', 'Deleted users', 'Groups', 'Enterprise applications', 'My approvals']);
    // Global-Administrator-only screens are not there, even by address.
    for (const path of ['audit', 'external-collaboration', 'organization-settings', 'roles', 'catalogs', 'governance-settings']) {
      await page.goto(`${consoleUrl(rt)}${path}`);
      await expect.poll(() => page.getByText('This page does not exist.').count()).toBe(1);
    }
    await page.goto(`${consoleUrl(rt)}users/invite`);
    await page.getByRole('tab', { name: 'Assignments' }).click();
    expect(await page.getByRole('button', { name: 'Add group' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Add role' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();

    // The API decides, whatever a console shows: the same person's token is refused there.
    const asUserAdmin = graphCaller(rt, await rt.token({ userId: userAdmin.id }));
    expect((await asUserAdmin('GET', 'auditLogs/directoryAudits')).status).toBe(403);
    expect((await asUserAdmin('PATCH', 'policies/authorizationPolicy', { allowInvitesFrom: 'none' })).status).toBe(403);
    expect((await asUserAdmin('PATCH', 'policies/invitationDomainPolicy', { blockedDomains: ['contoso.example'] })).status).toBe(403);
    const org = (await call('GET', 'organization')).body.value?.[0] as Json & { id: string };
    expect((await asUserAdmin('PATCH', `organization/${org.id}`, { privacyProfile: { contactEmail: 'x@fabrikam.example' } })).status).toBe(403);
    expect((await asUserAdmin('PATCH', 'identityGovernance/entitlementManagement/settings', { externalUserLifecycleAction: 'none' })).status).toBe(403);
    expect((await asUserAdmin('POST', 'identityGovernance/entitlementManagement/catalogs', { displayName: 'Not mine' })).status).toBe(403);
    expect((await asUserAdmin('GET', `roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${nobody.id}'`)}`)).status).toBe(403);
    expect((await asUserAdmin('POST', 'roleManagement/directory/roleAssignments', { principalId: nobody.id, roleDefinitionId: DIRECTORY_ROLE_TEMPLATE_IDS['Global Administrator'], directoryScopeId: '/' })).status).toBe(403);
    expect((await asUserAdmin('GET', 'me/memberOf/microsoft.graph.directoryRole')).body.value?.map((r) => r['displayName'])).toEqual(['User Administrator']);
    const admin = (await call('GET', `users?$filter=${encodeURIComponent("userPrincipalName eq 'admin@fabrikam.onmicrosoft.com'")}`)).body.value?.[0] as Json & { id: string };
    expect((await graphCaller(rt, await rt.token({ userId: admin.id }))('GET', 'auditLogs/directoryAudits')).status).toBe(200);
    expect((await graphCaller(rt, await rt.token({ userId: nobody.id }))('GET', 'me/memberOf/microsoft.graph.directoryRole')).body.value).toEqual([]);
  }, 120_000);

  it('when the console is used at phone width in dark mode, by keyboard alone, then the list is reachable and passes axe', async () => {
    const { context, page, problems } = await consoleContext(browser, { width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(page, rt, 'Gatehouse Administrator');
    await heading(page, 'Users');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await scanBothLanguages(page, 'users list, phone, dark');
    // Keyboard: the skip link is the first stop and leads to the content; the invite button opens the wizard.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Invite external user'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await heading(page, 'Invite external user');
    for (let i = 0; i < 10 && (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)) !== 'email'; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('someone@contoso.example');
    expect(await page.getByLabel('Email').inputValue()).toBe('someone@contoso.example');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
