import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../support/browser';
import { graphCaller, type GraphCall, type Json } from '../../support/graph-caller';
import { startRuntime, type TestRuntime } from '../../support/runtime';
import { consoleContext, consoleUrl, heading, scanBothLanguages, signIn } from './console-support';

/**
 * Lists sort and search on the server (a sort changes what the first page holds, which sorting
 * one page in the browser cannot do); settings screens send the ETag they read as If-Match, so a
 * change made meanwhile (over the API, or in a second browser) is explained with a reload instead
 * of overwritten; the audit log filters on the server and shows an entry's details. Every screen
 * and state visited is scanned by axe in English and Dutch.
 */
let rt: TestRuntime;
let browser: Browser;
let call: GraphCall;
const ADMIN = 'Gatehouse Administrator';
const EM = 'identityGovernance/entitlementManagement';
const suffix = randomUUID().slice(0, 8);

beforeAll(async () => {
  rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  call = graphCaller(rt, await rt.token({ roles: ['Group.ReadWrite.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Organization.ReadWrite.All', 'Policy.ReadWrite.Authorization', 'EntitlementManagement.ReadWrite.All', 'AuditLog.Read.All'] }));
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

const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });
const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
const firstCells = (page: Page) => page.getByRole('row').locator('td:first-child').allTextContents();
const two = (n: number) => String(n).padStart(2, '0');

describe('the admin center: server-side lists, concurrent changes, the audit log', () => {
  it('when a column header is clicked, then the server returns the other end of the list first, searched on the server too', async () => {
    for (let i = 1; i <= 27; i++) {
      await created('users', { accountEnabled: true, displayName: `Sortee ${suffix} ${two(i)}`, mailNickname: `sortee${suffix}${i}`, userPrincipalName: `sortee${suffix}${two(i)}@fabrikam.onmicrosoft.com` });
      await created('groups', { displayName: `Sortgroup ${suffix} ${two(i)}`, mailEnabled: false, mailNickname: `sortgroup${suffix}${i}`, securityEnabled: true });
    }
    const { context, page, problems } = await consoleContext(browser);
    await signIn(page, rt, ADMIN);
    await heading(page, 'Users');

    // Users: 27 matches, 25 a page. Descending puts 27 first, a row the ascending first page never had.
    await page.getByRole('searchbox', { name: 'Search by name or email' }).fill(`Sortee ${suffix}`);
    await poll(async () => (await firstCells(page)).length).toBe(25);
    await poll(() => firstCells(page)).toEqual(Array.from({ length: 25 }, (_, i) => `Sortee ${suffix} ${two(i + 1)}`));
    const nameHeader = page.getByRole('columnheader', { name: 'Display name' });
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');
    // A column the API cannot order by is not a sort button.
    expect(await page.getByRole('columnheader', { name: 'User type' }).getByRole('button').count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'User type' }).getAttribute('aria-sort')).toBeNull();
    await nameHeader.getByRole('button').click();
    await poll(() => nameHeader.getAttribute('aria-sort')).toBe('descending');
    await poll(async () => (await firstCells(page))[0]).toBe(`Sortee ${suffix} 27`);
    expect(await firstCells(page)).toEqual(Array.from({ length: 25 }, (_, i) => `Sortee ${suffix} ${two(27 - i)}`));
    await page.getByRole('button', { name: 'Load more' }).click();
    await poll(() => firstCells(page)).toEqual(Array.from({ length: 27 }, (_, i) => `Sortee ${suffix} ${two(27 - i)}`));
    // By user principal name and by creation date (an advanced query on the server).
    const upnHeader = page.getByRole('columnheader', { name: 'User principal name' });
    await upnHeader.getByRole('button').click();
    await poll(() => upnHeader.getAttribute('aria-sort')).toBe('ascending');
    await poll(() => firstCells(page)).toEqual(Array.from({ length: 25 }, (_, i) => `Sortee ${suffix} ${two(i + 1)}`));
    const createdHeader = page.getByRole('columnheader', { name: 'Created' });
    await createdHeader.getByRole('button').click();
    await createdHeader.getByRole('button').click();
    await poll(() => createdHeader.getAttribute('aria-sort')).toBe('descending');
    await poll(async () => (await firstCells(page)).length).toBe(25);
    expect(await page.getByRole('alert').count()).toBe(0);
    await scanBothLanguages(page, 'users, sorted by the server');

    // Groups: the same on GET /groups.
    await nav(page, 'Groups');
    await heading(page, 'Groups');
    await page.getByRole('searchbox', { name: 'Search groups' }).fill(`Sortgroup ${suffix}`);
    await poll(() => firstCells(page)).toEqual(Array.from({ length: 25 }, (_, i) => `Sortgroup ${suffix} ${two(i + 1)}`));
    const groupHeader = page.getByRole('columnheader', { name: 'Name' });
    await groupHeader.getByRole('button').click();
    await poll(async () => (await firstCells(page))[0]).toBe(`Sortgroup ${suffix} 27`);
    expect(await page.getByRole('columnheader', { name: 'Description' }).getByRole('button').count()).toBe(0);
    await page.getByRole('columnheader', { name: 'Created' }).getByRole('button').click();
    await poll(() => page.getByRole('columnheader', { name: 'Created' }).getAttribute('aria-sort')).toBe('ascending');
    await poll(async () => (await firstCells(page)).length).toBe(25);
    expect(await page.getByRole('alert').count()).toBe(0);
    await scanBothLanguages(page, 'groups, sorted by the server');

    // Access packages: searched on the server, in the API's one order (by name), shown and not toggled.
    const catalog = await created(`${EM}/catalogs`, { displayName: `Catalog ${suffix}`, isExternallyVisible: true });
    for (const name of ['Beta', 'Alpha', 'Gamma']) await created(`${EM}/accessPackages`, { displayName: `${name} ${suffix}`, catalog: { id: catalog.id } });
    await nav(page, 'Access packages');
    await heading(page, 'Access packages');
    await page.getByRole('searchbox', { name: 'Search access packages' }).fill(suffix);
    await poll(() => firstCells(page)).toEqual([`Alpha ${suffix}`, `Beta ${suffix}`, `Gamma ${suffix}`]);
    const packageHeader = page.getByRole('columnheader', { name: 'Name' });
    expect(await packageHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await packageHeader.getByRole('button').count()).toBe(0);
    await scanBothLanguages(page, 'access packages, searched');
    await page.getByRole('searchbox', { name: 'Search access packages' }).fill(`none-${suffix}`);
    await poll(() => page.getByText('Nothing matches.').count()).toBe(1);

    // Requests: newest first (the API's order), filtered by the person on the server.
    await nav(page, 'Requests');
    await heading(page, 'Access package requests');
    expect(await page.getByRole('columnheader', { name: 'Created' }).getAttribute('aria-sort')).toBe('descending');
    await page.getByRole('combobox', { name: 'Requested for' }).fill(`Sortee ${suffix} 01`);
    await page.getByRole('option', { name: new RegExp(`Sortee ${suffix} 01`) }).click();
    await poll(() => page.getByText('No requests match.').count()).toBe(1);
    await scanBothLanguages(page, 'requests, filtered by person');
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);

  it('when a setting changed after the screen loaded (over the API or in a second browser), then saving explains it, Reload shows the current value, and saving again works', async () => {
    const { context, page, problems } = await consoleContext(browser);
    await signIn(page, rt, ADMIN);
    await heading(page, 'Users');

    // External collaboration: the API changes who may invite while the screen is open.
    await nav(page, 'External collaboration');
    await heading(page, 'External collaboration settings');
    await page.waitForLoadState('networkidle');
    expect((await call('PATCH', 'policies/authorizationPolicy', { allowInvitesFrom: 'none' })).status).toBe(204);
    await page.getByRole('radio', { name: /Only users in admin roles and Guest Inviters/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('alert').getByText('Someone else changed this').count()).toBe(1);
    await scanBothLanguages(page, 'external collaboration: a concurrent change explained');
    expect((await call('GET', 'policies/authorizationPolicy')).body['allowInvitesFrom']).toBe('none');
    await page.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await poll(() => page.getByRole('radio', { name: /No one in the organization can invite|No one/ }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: /Only users in admin roles and Guest Inviters/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('The settings were saved.').count()).toBe(1);
    expect((await call('GET', 'policies/authorizationPolicy')).body['allowInvitesFrom']).toBe('adminsAndGuestInviters');

    // The domain lists: the same for the other document of the screen.
    await page.waitForLoadState('networkidle');
    expect((await call('PATCH', 'policies/invitationDomainPolicy', { blockedDomains: [`api-${suffix}.example`] })).status).toBe(204);
    await page.getByLabel('Deny invitations to these domains').fill(`console-${suffix}.example`);
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('alert').getByText('Someone else changed this').count()).toBe(1);
    expect((await call('GET', 'policies/invitationDomainPolicy')).body['blockedDomains']).toEqual([`api-${suffix}.example`]);
    await page.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await poll(() => page.getByLabel('Deny invitations to these domains').inputValue()).toBe(`api-${suffix}.example`);

    // Organization settings in two browsers: the second save is explained, not lost.
    await nav(page, 'Organization settings');
    await heading(page, 'Organization settings');
    await page.waitForLoadState('networkidle');
    const other = await consoleContext(browser);
    await signIn(other.page, rt, ADMIN);
    await other.page.goto(`${consoleUrl(rt)}organization-settings`);
    await heading(other.page, 'Organization settings');
    await other.page.getByLabel('Privacy contact email').fill(`second-${suffix}@fabrikam.example`);
    await other.page.getByRole('button', { name: 'Save' }).click();
    await poll(() => other.page.getByText('The settings were saved.').count()).toBe(1);
    await page.getByLabel('Privacy contact email').fill(`first-${suffix}@fabrikam.example`);
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('alert').getByText('Someone else changed this').count()).toBe(1);
    await scanBothLanguages(page, 'organization settings: a concurrent change explained');
    expect((await call('GET', 'organization')).body.value?.[0]?.['privacyProfile']).toMatchObject({ contactEmail: `second-${suffix}@fabrikam.example` });
    await page.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await poll(() => page.getByLabel('Privacy contact email').inputValue()).toBe(`second-${suffix}@fabrikam.example`);
    expect(other.problems).toEqual([]);
    await other.context.close();

    // Identity Governance settings (external user lifecycle): saved with If-Match as well.
    await nav(page, 'Governance settings');
    await heading(page, 'Identity Governance settings');
    await page.waitForLoadState('networkidle');
    await scanBothLanguages(page, 'identity governance settings');
    await page.getByRole('radio', { name: 'Block them from signing in, then remove them' }).check();
    await page.getByLabel('Days before a blocked external user is removed').fill('0');
    await poll(() => page.getByText('Give a whole number of days from 1 to 999.').count()).toBe(1);
    await scanBothLanguages(page, 'identity governance settings: invalid days');
    await page.getByLabel('Days before a blocked external user is removed').fill('45');
    expect((await call('PATCH', `${EM}/settings`, { externalUserLifecycleAction: 'none' })).status).toBe(204);
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('alert').getByText('Someone else changed this').count()).toBe(1);
    expect((await call('GET', `${EM}/settings`)).body['externalUserLifecycleAction']).toBe('none');
    await page.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await poll(() => page.getByRole('radio', { name: 'Do nothing: they stay in the directory' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Block them from signing in, then remove them' }).check();
    await page.getByLabel('Days before a blocked external user is removed').fill('45');
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('The settings were saved.').count()).toBe(1);
    expect((await call('GET', `${EM}/settings`)).body).toMatchObject({ externalUserLifecycleAction: 'blockSignInAndDelete', durationUntilExternalUserDeletedAfterBlocked: 'P45D' });
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);

  it('when the audit log is filtered by activity, date, initiator and target, then the server answers, and an entry opens in a details pane', async () => {
    const tenantId = String((await call('GET', 'organization')).body.value?.[0]?.['id']);
    const { context, page, problems } = await consoleContext(browser);
    await signIn(page, rt, ADMIN);
    await heading(page, 'Users');
    // A change by the administrator in the console, so the log has an entry they initiated.
    await nav(page, 'Organization settings');
    await heading(page, 'Organization settings');
    await page.getByLabel('Privacy statement URL').fill(`https://fabrikam.example/audit-${suffix}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByText('The settings were saved.').count()).toBe(1);
    const adminId = String((await call('GET', `users?$filter=${encodeURIComponent(`displayName eq '${ADMIN}'`)}`)).body.value?.[0]?.['id']);

    await nav(page, 'Audit logs');
    await heading(page, 'Audit logs');
    expect(await page.getByRole('columnheader', { name: 'Date' }).getAttribute('aria-sort')).toBe('descending');
    const activities = async () => (await page.getByRole('row').locator('td:nth-child(2)').allTextContents());
    await page.getByLabel('Filter by activity').fill('Update company');
    await poll(async () => [...new Set(await activities())]).toEqual(['Update company settings']);
    // Initiated by: a user picked in the directory (the log keeps their object id; the list shows their name).
    const initiatedBy = page.getByRole('combobox', { name: 'Initiated by' });
    await initiatedBy.fill(`Sortee ${suffix} 01`);
    await page.getByRole('option', { name: new RegExp(`Sortee ${suffix} 01`) }).click();
    await poll(() => page.getByText('No audit entries match.').count()).toBe(1);
    // Clearing the picker lists everyone's entries again; then the administrator is picked.
    await initiatedBy.fill('');
    await poll(async () => (await activities()).length).toBeGreaterThan(0);
    await initiatedBy.fill('Gatehouse Admin');
    await page.getByRole('option', { name: /Gatehouse Administrator/ }).click();
    await poll(async () => (await activities()).length).toBeGreaterThan(0);
    await poll(async () => [...new Set(await page.getByRole('row').locator('td:nth-child(3)').allTextContents())]).toEqual(['Gatehouse Administrator (admin@fabrikam.onmicrosoft.com)']);
    await page.getByLabel('Target').fill(tenantId);
    await poll(async () => [...new Set(await activities())]).toEqual(['Update company settings']);
    const today = new Date();
    const day = `${today.getFullYear()}-${two(today.getMonth() + 1)}-${two(today.getDate())}`;
    await page.getByLabel('From date').fill(day);
    await page.getByLabel('To date').fill(day);
    await poll(async () => (await activities()).length).toBeGreaterThan(0);
    await scanBothLanguages(page, 'audit logs, filtered');
    await page.getByLabel('From date').fill('2099-01-01');
    await page.getByLabel('To date').fill('2099-01-02');
    await poll(() => page.getByText('No audit entries match.').count()).toBe(1);
    await page.getByLabel('From date').fill(day);
    await page.getByLabel('To date').fill(day);

    // The details pane: everything the entry holds, including what changed.
    await page.getByRole('button', { name: /^Show details of Update company settings/ }).first().click();
    const pane = page.getByRole('region', { name: 'Details: Update company settings' });
    await poll(() => pane.count()).toBe(1);
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Details: Update company settings');
    for (const text of ['Correlation id', 'Initiated by', 'Target resources', 'Organization', tenantId, adminId, 'privacyProfile']) {
      expect(await pane.getByText(text, { exact: true }).count(), text).toBeGreaterThan(0);
    }
    expect(await pane.getByRole('table').getByText(new RegExp(`audit-${suffix}`)).count()).toBe(1);
    await scanBothLanguages(page, 'audit log entry details');
    await pane.getByRole('button', { name: 'Close' }).click();
    await poll(() => pane.count()).toBe(0);
    // A target by the start of its name (the external collaboration save of the test before).
    await page.getByLabel('Filter by activity').fill('');
    await page.getByLabel('Target').fill('Authorization Pol');
    await poll(async () => [...new Set(await activities())]).toEqual(['Update authorization policy']);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('when the governance administrator works with catalogs and the deleted users, then the lists search on the server and the changes show over the API', async () => {
    const group = await created('groups', { displayName: `Catalog group ${suffix}`, mailEnabled: false, mailNickname: `catgroup${suffix}`, securityEnabled: true });
    const gone = await created('users', { accountEnabled: true, displayName: `Gone ${suffix}`, mailNickname: `gone${suffix}`, userPrincipalName: `gone${suffix}@fabrikam.onmicrosoft.com` });
    expect((await call('DELETE', `users/${gone.id}`)).status).toBe(204);
    const { context, page, problems } = await consoleContext(browser);
    await signIn(page, rt, ADMIN);
    await heading(page, 'Users');

    // Catalogs: a new one, found by search (the server's contains), opened; a group added and removed.
    await nav(page, 'Catalogs');
    await heading(page, 'Catalogs');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Partners ${suffix}`);
    await page.getByRole('textbox', { name: 'Description' }).fill('For partner access');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await poll(() => page.getByText(`Partners ${suffix} was created.`).count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search catalogs' }).fill(`tners ${suffix}`);
    await poll(() => firstCells(page)).toEqual([`Partners ${suffix}`]);
    expect(await page.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('ascending');
    await scanBothLanguages(page, 'catalogs');
    const catalog = (await call('GET', `${EM}/catalogs?$filter=${encodeURIComponent(`displayName eq 'Partners ${suffix}'`)}`)).body.value?.[0];
    expect(catalog).toMatchObject({ description: 'For partner access', isExternallyVisible: true });
    await page.getByRole('link', { name: `Partners ${suffix}` }).click();
    await heading(page, `Partners ${suffix}`);
    await page.getByRole('combobox', { name: 'Group to add' }).fill(`Catalog group ${suffix}`);
    await page.getByRole('option', { name: new RegExp(`Catalog group ${suffix}`) }).click();
    await page.getByRole('button', { name: 'Add resource' }).click();
    await poll(() => page.getByRole('row', { name: new RegExp(`Catalog group ${suffix}.*Group`) }).count()).toBe(1);
    await scanBothLanguages(page, 'catalog with its resources');
    expect((await call('GET', `${EM}/catalogs/${String(catalog?.['id'])}/resources`)).body.value?.map((r) => r['originId'])).toEqual([group.id]);
    await page.getByRole('button', { name: `Remove Catalog group ${suffix}` }).click();
    await poll(() => page.getByRole('alertdialog', { name: 'Remove this resource from the catalog?' }).count()).toBe(1);
    await scanBothLanguages(page, 'catalog: remove a resource');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await poll(async () => (await call('GET', `${EM}/catalogs/${String(catalog?.['id'])}/resources`)).body.value?.length).toBe(0);
    await poll(() => page.getByText('No resources in this catalog yet.').count()).toBe(1);

    // Deleted users: searched on the server.
    await nav(page, 'Deleted users');
    await heading(page, 'Deleted users');
    await page.getByRole('searchbox', { name: 'Search deleted users by name' }).fill(`Gone ${suffix}`);
    await poll(() => firstCells(page)).toEqual([`Gone ${suffix}`]);
    await scanBothLanguages(page, 'deleted users, searched');
    await page.getByRole('searchbox', { name: 'Search deleted users by name' }).fill(`Nobody ${suffix}`);
    await poll(() => page.getByText('Nothing matches.').count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('when the catalogs, the governance settings and the audit log with its details are opened at phone width in dark mode, then nothing overflows and each passes axe in both languages', async () => {
    const { context, page, problems } = await consoleContext(browser, { width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(page, rt, ADMIN);
    await heading(page, 'Users');
    await page.goto(`${consoleUrl(rt)}catalogs`);
    await heading(page, 'Catalogs');
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await scanBothLanguages(page, 'catalogs, phone, dark');
    await page.goto(`${consoleUrl(rt)}governance-settings`);
    await heading(page, 'Identity Governance settings');
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await scanBothLanguages(page, 'governance settings, phone, dark');
    await page.goto(`${consoleUrl(rt)}audit`);
    await heading(page, 'Audit logs');
    await page.getByRole('button', { name: /^Show details of/ }).first().click();
    await poll(() => page.getByRole('region', { name: /^Details: / }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await scanBothLanguages(page, 'audit log details, phone, dark');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
