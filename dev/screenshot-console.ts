import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { spawnRuntime } from './spawn-runtime';

/**
 * Takes the README's screenshots of the admin center: starts a runtime on free ports, fills the
 * directory with a few people through the API, signs in as the seeded administrator in headless
 * Chromium (Debian's, as the browser tests use) and saves PNGs under docs/.
 *
 *   npm run build && node dist/dev/screenshot-console.js
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const rt = await spawnRuntime({ root, env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const token = await rt.issuer.signToken({ roles: ['User.ReadWrite.All', 'User.Invite.All', 'Application.ReadWrite.All'] });
    const call = async (p: string, body: unknown) => {
      const res = await fetch(`${rt.url}/api/v1.0/${p}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    };
    for (const [name, department] of [['Anna de Vries', 'Sales'], ['Bram Jansen', 'Finance'], ['Chloé Martin', 'Sales']] as const) {
      const nick = name.toLowerCase().replace(/[^a-z]/g, '');
      await call('users', { accountEnabled: true, displayName: name, mailNickname: nick, userPrincipalName: `${nick}@fabrikam.onmicrosoft.com`, department });
    }
    for (const [name, mail] of [['Lena Fischer', 'lena@contoso.example'], ['Sam Okoye', 'sam@northwind.example']] as const) {
      await call('invitations', { invitedUserEmailAddress: mail, invitedUserDisplayName: name, inviteRedirectUrl: `${rt.url}/`, sendInvitationMessage: false });
    }
    await call('servicePrincipals', { displayName: 'Falcon reporting', appRoleAssignmentRequired: true, appRoles: [{ id: randomUUID(), displayName: 'Reader', description: 'Reads reports', value: 'Reports.Read', allowedMemberTypes: ['User'], isEnabled: true }] });

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const consoleUrl = `${rt.url}/api/admin/`;
    await page.goto(consoleUrl);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Gatehouse Administrator', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(consoleUrl) && !u.search.includes('code='));
    await page.getByRole('link', { name: 'Sam Okoye' }).waitFor();
    await page.getByRole('link', { name: 'Lena Fischer' }).waitFor();
    await page.screenshot({ path: path.join(root, 'docs', 'admin-center.png') });
    await page.goto(`${consoleUrl}external-collaboration`);
    await page.getByRole('heading', { name: 'External collaboration settings' }).waitFor();
    await page.screenshot({ path: path.join(root, 'docs', 'admin-center-settings.png') });
    console.log('wrote docs/admin-center.png and docs/admin-center-settings.png');
  } finally {
    await browser.close();
    await rt.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
