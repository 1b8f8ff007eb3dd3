import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser';
import { graphCaller, type GraphCall, type Json } from '../../support/graph-caller';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { consoleContext, consoleUrl, heading, scanBothLanguages, signIn } from './console-support';

/**
 * The console's other screens, as the seeded Global Administrator uses them: enterprise
 * applications, directory roles, external collaboration and organization settings, bulk invite, a
 * dynamic group with its rule editor, connected organizations, requests; sorting; the package
 * wizard's focus. Every screen is scanned by axe in English and Dutch, and what the console did is
 * read back over the API.
 */
let rt: TestRuntime;
let browser: Browser;
let call: GraphCall;
const ADMIN = 'Gatehouse Administrator';
const suffix = randomUUID().slice(0, 8);

beforeAll(async () => {
  rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  call = graphCaller(rt, await rt.token({ roles: ['Application.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All', 'Directory.Read.All', 'RoleManagement.ReadWrite.Directory', 'Organization.ReadWrite.All', 'Policy.ReadWrite.Authorization', 'EntitlementManagement.ReadWrite.All'] }));
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

/** expect.poll with room for a loaded machine (the default gives a screen one second). */
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

async function pick(page: Page, label: string, typed: string, option: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).fill(typed);
  await page.getByRole('option', { name: option }).click();
}

/** Confirms a destructive action: the dialog says what happens, is scanned, then confirmed. */
async function confirm(page: Page, title: string, label: string): Promise<void> {
  await poll(() => page.getByRole('alertdialog', { name: title }).count()).toBe(1);
  await scanBothLanguages(page, label);
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
}

describe('the admin center: applications, roles, settings, bulk invite, groups, governance', () => {
  it('when the Global Administrator uses each screen, then it does what it says over the API, and every screen passes axe in English and Dutch', async () => {
    const employee = await created('users', { accountEnabled: true, displayName: `Rita ${suffix}`, mailNickname: `rita${suffix}`, userPrincipalName: `rita${suffix}@fabrikam.onmicrosoft.com`, department: `Sales${suffix}` });
    const app = await created('servicePrincipals', { displayName: `Falcon ${suffix}`, appRoleAssignmentRequired: true, appRoles: [{ id: randomUUID(), displayName: 'Reader', description: 'Reads reports', value: 'Reports.Read', allowedMemberTypes: ['User'], isEnabled: true }] });
    const { context, page, problems } = await consoleContext(browser);
    await signIn(page, rt, ADMIN);
    await heading(page, 'Users');

    // Users list: sorting by a column header (the server answers in the other order).
    const nameHeader = page.getByRole('columnheader', { name: 'Display name' });
    const names = () => page.getByRole('row').locator('td:first-child').allTextContents();
    await poll(() => nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await poll(async () => (await names()).length).toBeGreaterThan(1);
    const ascending = await names();
    await nameHeader.getByRole('button').click();
    await poll(() => nameHeader.getAttribute('aria-sort')).toBe('descending');
    await poll(() => names()).toEqual([...ascending].reverse());

    // New user: an employee added by work email; their first sign-in links their account.
    await page.getByRole('button', { name: 'New user' }).click();
    await heading(page, 'New user');
    await page.getByRole('textbox', { name: 'Display name' }).fill(`Evi ${suffix}`);
    await page.getByRole('textbox', { name: 'User name' }).fill(`.evi`);
    await poll(() => page.getByText(/not starting or ending with a dot/).count()).toBe(1);
    await page.getByRole('textbox', { name: 'User name' }).fill(`evi${suffix}`);
    await page.getByRole('textbox', { name: 'Work email' }).fill(`evi.${suffix}@fabrikam.example`);
    await scanBothLanguages(page, 'new user');
    await page.getByRole('button', { name: 'Create' }).click();
    await heading(page, `Evi ${suffix}`);
    const eviId = page.url().split('/').pop()!;
    const oid = randomUUID();
    const eviToken = await rt.token({ userId: oid, claims: { email: `evi.${suffix}@fabrikam.example`, email_verified: true } });
    expect((await graphCaller(rt, eviToken)('GET', 'me/memberOf/microsoft.graph.directoryRole')).status).toBe(200);
    await page.reload();
    await page.getByRole('tab', { name: 'Properties' }).click();
    await poll(() => page.getByText(`federated: ${rt.issuer.issuer} / ${oid}`).count()).toBe(1);
    expect(eviId).toMatch(/^[0-9a-f-]{36}$/);
    await nav(page, 'Users');
    await heading(page, 'Users');

    // Enterprise applications: search, open, assign a user with an app role, remove with confirmation.
    await nav(page, 'Enterprise applications');
    await heading(page, 'Enterprise applications');
    await page.getByRole('searchbox').fill(`Falcon ${suffix}`);
    await poll(() => page.getByRole('link', { name: `Falcon ${suffix}` }).count()).toBe(1);
    await scanBothLanguages(page, 'enterprise applications');
    await page.getByRole('link', { name: `Falcon ${suffix}` }).click();
    await heading(page, `Falcon ${suffix}`);
    await poll(() => page.getByText('Reads reports', { exact: false }).count()).toBe(1);
    await pick(page, 'User to assign', `Rita ${suffix}`, new RegExp(`Rita ${suffix}`));
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await poll(() => page.getByRole('row', { name: new RegExp(`Rita ${suffix}.*Reader`) }).count()).toBe(1);
    await scanBothLanguages(page, 'enterprise application: app roles and assignments');
    const assigned = await call('GET', `servicePrincipals/${app.id}/appRoleAssignedTo`);
    expect(assigned.body.value?.map((a) => a['principalId'])).toEqual([employee.id]);
    await page.getByRole('button', { name: `Remove Rita ${suffix}` }).click();
    await confirm(page, 'Remove this assignment?', 'enterprise application: remove assignment');
    await poll(async () => (await call('GET', `servicePrincipals/${app.id}/appRoleAssignedTo`)).body.value?.length).toBe(0);

    // Directory roles: open User Administrator, add a member, remove with confirmation.
    await nav(page, 'Directory roles');
    await heading(page, 'Directory roles');
    await poll(() => page.getByRole('link', { name: 'User Administrator' }).count()).toBe(1);
    await scanBothLanguages(page, 'directory roles');
    await page.getByRole('link', { name: 'User Administrator' }).click();
    await heading(page, 'User Administrator');
    await pick(page, 'User to add', `Rita ${suffix}`, new RegExp(`Rita ${suffix}`));
    await page.getByRole('button', { name: 'Add member' }).click();
    await poll(() => page.getByRole('link', { name: `Rita ${suffix}` }).count()).toBe(1);
    await scanBothLanguages(page, 'directory role members');
    expect((await graphCaller(rt, await rt.token({ userId: employee.id }))('GET', 'me/memberOf/microsoft.graph.directoryRole')).body.value?.map((r) => r['displayName'])).toEqual(['User Administrator']);
    await page.getByRole('button', { name: `Remove Rita ${suffix}` }).click();
    await confirm(page, 'Remove this role member?', 'directory role: remove member');
    await poll(() => page.getByText('No members.').count()).toBe(1);

    // External collaboration: guest access, who may invite, a blocked domain.
    await nav(page, 'External collaboration');
    await heading(page, 'External collaboration settings');
    await page.getByRole('radio', { name: /Guests can only see their own directory object/ }).check();
    await page.getByRole('radio', { name: /Only users in admin roles and Guest Inviters/ }).check();
    await page.getByLabel('Deny invitations to these domains').fill(`blocked-${suffix}.example`);
    await scanBothLanguages(page, 'external collaboration settings');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('The settings were saved.').count()).toBe(1);
    expect((await call('GET', 'policies/authorizationPolicy')).body).toMatchObject({ allowInvitesFrom: 'adminsAndGuestInviters', guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b' });
    expect((await call('GET', 'policies/invitationDomainPolicy')).body['blockedDomains']).toEqual([`blocked-${suffix}.example`]);
    // A malformed domain: the API's message is shown.
    await page.getByLabel('Deny invitations to these domains').fill('not a domain!');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('alert').getByText(/is not a domain name/).count()).toBe(1);

    // Organization settings: the privacy statement and contact.
    await nav(page, 'Organization settings');
    await heading(page, 'Organization settings');
    await page.getByLabel('Privacy statement URL').fill(`https://fabrikam.example/privacy-${suffix}`);
    await page.getByLabel('Privacy contact email').fill('privacy@fabrikam.example');
    await scanBothLanguages(page, 'organization settings');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('The settings were saved.').count()).toBe(1);
    expect((await call('GET', 'organization')).body.value?.[0]?.['privacyProfile']).toEqual({ statementUrl: `https://fabrikam.example/privacy-${suffix}`, contactEmail: 'privacy@fabrikam.example' });

    // Bulk invite: the template, an upload of two rows (one bad), progress to the end, the results file.
    await nav(page, 'Users');
    await page.getByRole('button', { name: 'Bulk invite' }).click();
    await heading(page, 'Bulk invite');
    const [templateDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV template' }).click()]);
    const template = readFileSync((await templateDownload.path())!, 'utf8');
    expect(template.split('\r\n')[1]).toContain('Email address to invite [inviteeEmail] Required');
    const csv = `${template.split('\r\n').slice(0, 2).join('\r\n')}\r\nbulk.${suffix}@contoso.example,https://myapps.microsoft.com,true,Hello\r\nnot-an-address,https://myapps.microsoft.com,false,\r\n`;
    await page.getByLabel('CSV file').setInputFiles({ name: 'guests.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload and invite' }).click();
    await poll(() => page.getByText(/Finished: 1 invited, 1 failed/).count(), { timeout: 30_000 }).toBe(1);
    await poll(() => page.getByText('2 of 2 rows done: 1 invited, 1 failed.').count()).toBe(1);
    await scanBothLanguages(page, 'bulk invite with progress');
    const [resultDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download results' }).click()]);
    const results = readFileSync((await resultDownload.path())!, 'utf8').trim().split('\r\n');
    expect(results).toHaveLength(3);
    expect(results[1]).toMatch(new RegExp(`^1,bulk\\.${suffix}@contoso\\.example,succeeded,`));
    expect(results[2]).toMatch(/^2,not-an-address,failed,/);

    // A dynamic group: the rule editor checks the rule as you type and previews who matches.
    await nav(page, 'Groups');
    await page.getByRole('button', { name: 'New group' }).click();
    await heading(page, 'New group');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Sales ${suffix}`);
    await page.getByLabel('Mail nickname').fill(`sales${suffix}`);
    await page.getByRole('radio', { name: 'Dynamic' }).check();
    await page.getByLabel('Dynamic membership rule').fill('user.department -eq');
    await poll(() => page.getByText(/Syntax error at position/).count()).toBe(1);
    await page.getByLabel('Dynamic membership rule').fill(`user.department -eq "Sales${suffix}"`);
    await poll(() => page.getByText('The rule is valid.').count()).toBe(1);
    await page.getByRole('button', { name: 'Preview matching users' }).click();
    await poll(() => page.getByText(/^1 of the \d+ users checked match the rule\.$/).count()).toBe(1);
    expect(await page.getByRole('listitem').filter({ hasText: `Rita ${suffix}` }).count()).toBe(1);
    await scanBothLanguages(page, 'new dynamic group with rule preview');
    await page.getByRole('button', { name: 'Create' }).click();
    await heading(page, `Sales ${suffix}`);
    const group = (await call('GET', `groups?$filter=${encodeURIComponent(`displayName eq 'Sales ${suffix}'`)}`)).body.value?.[0];
    expect(group).toMatchObject({ groupTypes: ['DynamicMembership'], membershipRule: `user.department -eq "Sales${suffix}"` });

    // Connected organizations: add one by domain, remove it with confirmation.
    await nav(page, 'Connected organizations');
    await heading(page, 'Connected organizations');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Contoso ${suffix}`);
    await page.getByRole('textbox', { name: 'Domain', exact: true }).fill(`contoso-${suffix}.example`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await poll(() => page.getByRole('row', { name: new RegExp(`Contoso ${suffix}.*contoso-${suffix}\\.example`) }).count()).toBe(1);
    await scanBothLanguages(page, 'connected organizations');
    await page.getByRole('button', { name: `Remove Contoso ${suffix}` }).click();
    await confirm(page, 'Remove this connected organization?', 'connected organizations: remove');
    await poll(() => page.getByRole('row', { name: new RegExp(`Contoso ${suffix}`) }).count()).toBe(0);

    // Requests: the list with its state filter.
    await nav(page, 'Requests');
    await heading(page, 'Access package requests');
    await page.waitForLoadState('networkidle');
    await scanBothLanguages(page, 'access package requests');

    // The package wizard: a step change moves focus to the new step's heading.
    await nav(page, 'Access packages');
    await page.getByRole('button', { name: 'New access package' }).click();
    await heading(page, 'New access package');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Focus ${suffix}`);
    await page.getByRole('button', { name: 'Next' }).click();
    await poll(() => page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent)).toBe('H2 Resource roles');

    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('when the new screens are opened at phone width in dark mode, then nothing overflows sideways and each passes axe in both languages', async () => {
    const { context, page, problems } = await consoleContext(browser, { width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(page, rt, ADMIN);
    await heading(page, 'Users');
    const screens: [string, string][] = [
      ['applications', 'Enterprise applications'],
      ['roles', 'Directory roles'],
      ['external-collaboration', 'External collaboration settings'],
      ['organization-settings', 'Organization settings'],
      ['users/bulk-invite', 'Bulk invite'],
      ['users/new', 'New user'],
      ['groups/new', 'New group'],
      ['connected-organizations', 'Connected organizations'],
      ['requests', 'Access package requests'],
    ];
    for (const [path, title] of screens) {
      await page.goto(`${consoleUrl(rt)}${path}`);
      await heading(page, title);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${path} fits a phone`).toBe(true);
      await scanBothLanguages(page, `${path}, phone, dark`);
    }
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
