import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import type { TestRuntime } from '../support/runtime';
import { invitationBody, startInvitationRuntime, uniqueAddress, type invitationApi } from '../e2e/invitations-support';
import { passcodeFor } from '../e2e/my-access-support';
import { checkEverywhere, DESKTOP, PHONE, watchedContext } from './portal-support';

/**
 * Issue 18's branding acceptance in Chromium: branding set through the Graph API (colour, sign-in
 * page text, privacy and terms links, a square logo uploaded as PNG bytes) appears on the consent
 * page, in the My Access portal and in the HTML invitation mail (the plain text stays as it was);
 * the consent page follows the browser's language unless the invitation fixed one and lists what
 * the organization will see.
 */
let rt: TestRuntime;
let browser: Browser;
let api: ReturnType<typeof invitationApi>;
let inviter: string;
let admin: string;
let orgId: string;

beforeAll(async () => {
  ({ rt, api, inviter } = await startInvitationRuntime());
  admin = await rt.token({ roles: ['OrganizationalBranding.ReadWrite.All', 'Directory.Read.All'] });
  orgId = (await api.call('GET', 'organization', admin)).body['value'][0]['id'];
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
});

/** A real PNG of `size`×`size` pixels in one colour. */
function png(size: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

async function putImage(path: string, bytes: Buffer, contentType: string, token = admin) {
  const res = await fetch(`${rt.url}/api/v1.0/organization/${orgId}/branding/${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: bytes });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Proves the invited address on the redeem page as a person does, up to the consent page. */
async function toConsent(page: Page, url: string, address: string, labels = { send: 'Send code', code: 'Code', verify: 'Verify' }): Promise<void> {
  await page.goto(url);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: labels.send }).click()]);
  await page.getByLabel(labels.code, { exact: true }).fill(await passcodeFor(rt, address));
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: labels.verify }).click()]);
}

describe('company branding', () => {
  it('when branding is set through the API, then it is read back as Graph shapes it, and bad images, colours and callers are refused', async () => {
    expect((await api.call('GET', `organization/${orgId}/branding/localizations/fr-FR`, admin)).status).toBe(404);
    expect((await api.call('PATCH', `organization/${orgId}/branding`, inviter, { signInPageText: 'x' })).status).toBe(403);
    const badColour = await api.call('PATCH', `organization/${orgId}/branding`, admin, { backgroundColor: 'red;}body{display:none' });
    expect(badColour.status).toBe(400);
    const unknown = await api.call('PATCH', `organization/${orgId}/branding`, admin, { customCSS: 'x' });
    expect([unknown.status, JSON.stringify(unknown.body)]).toEqual([400, expect.stringContaining('customCSS')]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await putImage('squareLogo', svg, 'image/svg+xml')).status).toBe(415);
    expect((await putImage('squareLogo', png(8, [0, 0, 0]), 'image/jpeg')).status).toBe(415);
    const huge = Buffer.concat([png(8, [0, 0, 0]), Buffer.alloc(60 * 1024)]);
    expect((await putImage('squareLogo', huge, 'image/png')).status).toBe(413);
    expect((await api.call('GET', `organization/${orgId}/branding`, admin)).status).toBe(404);
  }, 30_000);

  it('when branding is set, then the consent page, the portal and the HTML mail show it; the plain text does not change', async () => {
    const patched = await api.call('PATCH', `organization/${orgId}/branding`, admin, {
      backgroundColor: '#1F4E79',
      signInPageText: 'Questions? Call the Fabrikam help desk on +31 20 555 0100.',
      customPrivacyAndCookiesUrl: 'https://fabrikam.example/privacy',
      customTermsOfUseUrl: 'https://fabrikam.example/terms',
      customTermsOfUseText: 'Fabrikam partner terms',
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(204);
    const auditor = await rt.token({ roles: ['AuditLog.Read.All'] });
    const audited = await api.call('GET', `auditLogs/directoryAudits?$filter=activityDisplayName eq 'Update company branding'`, auditor);
    expect(audited.body['value']?.[0]?.['targetResources']?.[0]?.['modifiedProperties']?.map((m: { displayName: string }) => m.displayName)).toEqual(
      expect.arrayContaining(['backgroundColor', 'signInPageText', 'customTermsOfUseUrl']),
    );
    const logo = png(48, [0xd8, 0x3b, 0x01]);
    expect((await putImage('squareLogo', logo, 'image/png')).status).toBe(204);
    const localized = await api.call('POST', `organization/${orgId}/branding/localizations`, admin, { id: 'nl-NL', signInPageText: 'Vragen? Bel de Fabrikam-servicedesk op +31 20 555 0100.' });
    expect(localized.status, JSON.stringify(localized.body)).toBe(201);

    const read = await api.call('GET', `organization/${orgId}/branding`, admin);
    expect(read.body).toMatchObject({ id: '0', backgroundColor: '#1F4E79', customTermsOfUseText: 'Fabrikam partner terms', squareLogoRelativeUrl: expect.stringMatching(/^api\/branding-assets\/0\/squareLogo\?v=/), bannerLogoRelativeUrl: null });
    const dutch = await fetch(`${rt.url}/api/v1.0/organization/${orgId}/branding`, { headers: { authorization: `Bearer ${admin}`, 'accept-language': 'nl-NL' } });
    expect(await dutch.json()).toMatchObject({ id: 'nl-NL', signInPageText: expect.stringContaining('servicedesk') });
    const list = await api.call('GET', `organization/${orgId}/branding/localizations`, admin);
    expect(list.body['value'].map((b: { id: string }) => b.id)).toEqual(['0', 'nl-NL']);
    const stream = await fetch(`${rt.url}/api/v1.0/organization/${orgId}/branding/localizations/0/squareLogo`, { headers: { authorization: `Bearer ${admin}` } });
    expect(Buffer.from(await stream.arrayBuffer()).equals(logo)).toBe(true);
    const asset = await fetch(`${rt.url}/${read.body['squareLogoRelativeUrl']}`);
    expect([asset.status, asset.headers.get('content-type'), asset.headers.get('x-content-type-options')]).toEqual([200, 'image/png', 'nosniff']);
    expect(asset.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await asset.arrayBuffer()).equals(logo)).toBe(true);

    // The HTML invitation mail carries the logo; the plain text is the same words as without branding.
    const address = uniqueAddress();
    const invited = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, inviteRedirectUrl: `${rt.url}/api/health`, sendInvitationMessage: true }));
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const [mail] = await api.mailsTo(address);
    const logoUrl = `${rt.url}/${read.body['squareLogoRelativeUrl']}`;
    expect(String(mail!['html'])).toContain(`<img src="${logoUrl.replace(/&/g, '&amp;')}" alt="`);
    expect(String(mail!['plainText'])).not.toContain('branding-assets');
    const fromMail = await fetch(/<img src="([^"]+)"/.exec(String(mail!['html']))![1]!.replace(/&amp;/g, '&'));
    expect(Buffer.from(await fromMail.arrayBuffer()).equals(logo)).toBe(true);

    // The consent page: logo loaded from this origin, the brand's colour in the header, the links, "Review permissions".
    const { context, page, problems } = await watchedContext(browser, rt, { locale: 'en-US', colorScheme: 'light', viewport: DESKTOP });
    await page.goto(String(invited.body['inviteRedeemUrl']));
    expect(await page.getByText('Questions? Call the Fabrikam help desk on +31 20 555 0100.').count()).toBe(1);
    await toConsent(page, String(invited.body['inviteRedeemUrl']), address);
    await page.getByRole('button', { name: 'Accept' }).waitFor();
    const img = page.locator('header img');
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(48);
    expect(await page.locator('header.site-header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(31, 78, 121)');
    expect(await page.getByRole('link', { name: 'Fabrikam partner terms' }).getAttribute('href')).toBe('https://fabrikam.example/terms');
    expect(await page.getByText(`This invitation is for ${address}.`).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1, name: 'Review permissions' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 2, name: /will be able to see$/ }).count()).toBe(1);
    expect(await page.getByText('Your name and email address', { exact: true }).count()).toBe(1);
    await checkEverywhere(browser, rt, page.url(), 'consent page with branding', await context.storageState());

    // The same browser session opens the portal: logo and colour in its header, the Dutch sign-in text in Dutch.
    await page.goto(`${rt.url}/api/myaccess/access-packages`);
    expect(await page.locator('header img').evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(48);
    expect(await page.getByRole('heading', { level: 1, name: 'Access packages' }).count()).toBe(1);
    await checkEverywhere(browser, rt, `${rt.url}/api/myaccess/access-packages`, 'portal home with branding', await context.storageState());
    const visitor = await watchedContext(browser, rt, { locale: 'nl-NL', colorScheme: 'dark', viewport: PHONE });
    await visitor.page.goto(`${rt.url}/api/myaccess/access-packages`);
    expect(await visitor.page.getByText('Vragen? Bel de Fabrikam-servicedesk op +31 20 555 0100.').count()).toBe(1);
    expect(await visitor.page.locator('header img').evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(48);
    await checkEverywhere(browser, rt, `${rt.url}/api/myaccess/access-packages`, 'portal sign-in with branding');
    expect([...problems, ...visitor.problems]).toEqual([]);
    await visitor.context.close();
    await context.close();
  }, 180_000);

  it('when the invitation fixes no language, then the consent page follows the browser; when it fixes one, that one', async () => {
    const open = async (messageLanguage: string | null, locale: 'en-US' | 'nl-NL') => {
      const address = uniqueAddress();
      const info = messageLanguage ? { invitedUserMessageInfo: { messageLanguage } } : {};
      const invited = await api.call('POST', 'invitations', inviter, invitationBody({ invitedUserEmailAddress: address, inviteRedirectUrl: `${rt.url}/api/health`, ...info }));
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);
      const { context, page } = await watchedContext(browser, rt, { locale, colorScheme: 'light', viewport: DESKTOP });
      await page.goto(String(invited.body['inviteRedeemUrl']));
      const lang = await page.evaluate(() => document.documentElement.lang);
      await context.close();
      return lang;
    };
    expect(await open(null, 'nl-NL')).toBe('nl-NL');
    expect(await open(null, 'en-US')).toBe('en-US');
    expect(await open('en-US', 'nl-NL')).toBe('en-US');
  }, 60_000);
});
