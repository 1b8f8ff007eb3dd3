import { describe, expect, it } from 'vitest';
import { consentPage, continuePage, declinedPage, expiredPage, invalidLinkPage, proveAddressPage, redeemCodePage, type ConsentPageInput } from '../../../src/http/pages/redeem-pages';

const input = (overrides: Partial<ConsentPageInput> = {}): ConsentPageInput => ({
  locale: 'en-US',
  organization: { displayName: 'Fabrikam', domain: 'fabrikam.onmicrosoft.com', privacyStatementUrl: 'https://fabrikam.example/privacy' },
  email: 'guest@partner.example',
  inviter: { displayName: 'Anna de Vries', email: 'anna@fabrikam.example' },
  redirectUrl: 'https://apps.example/start',
  customMessage: 'Welcome!\nSee you soon.',
  formAction: '/api/redeem',
  ticket: 'T'.repeat(43),
  csrfToken: 'C'.repeat(43),
  ...overrides,
});

const html = (res: { body?: unknown }) => String(res.body);

describe('redemption pages', () => {
  it('when the consent page renders, then it names the organization and inviter, keeps the message line breaks and offers Accept and Decline in one form', () => {
    const res = consentPage(input(), []);
    const body = html(res);
    expect(res.status).toBe(200);
    expect(body).toContain('<html lang="en-US">');
    expect(body).toContain('Anna de Vries (anna@fabrikam.example) invited you to access applications within Fabrikam (fabrikam.onmicrosoft.com).');
    expect(body).toContain('Welcome!<br>\nSee you soon.');
    expect(body).toContain('href="https://fabrikam.example/privacy"');
    expect(body).toMatch(/<form method="post" action="\/api\/redeem">/);
    expect(body).toContain('name="decision" value="accept"');
    expect(body).toContain('name="decision" value="decline"');
    expect(body).not.toMatch(/<script|<img|<link /);
  });

  it('when the consent page renders, then it names the invited address, says the link is personal and names where Accept leads', () => {
    const body = html(consentPage(input(), []));
    expect(body).toContain('This invitation is for guest@partner.example.');
    expect(body).toContain('This link is personal');
    expect(body).toContain('After you accept, you will be taken to: <span class="destination">https://apps.example/start</span>');
  });

  it('when the address check renders, then it names the invited address, says the link is personal and offers Send code with CSRF, in English and Dutch', () => {
    const form = { organization: 'Fabrikam', email: 'guest@partner.example', formAction: '/api/redeem', ticket: 'T'.repeat(43), csrfToken: 'C'.repeat(43) };
    const en = html(proveAddressPage({ ...form, locale: 'en-US', signedInAs: 'other@x.example' }, []));
    expect(en).toContain('<html lang="en-US">');
    expect(en).toContain('<h1>Verify your email address</h1>');
    expect(en).toContain('Fabrikam sends a one-time code to guest@partner.example');
    expect(en).toContain('You are signed in as other@x.example, which is not the address this invitation is for.');
    expect(en).toMatch(/<form method="post" action="\/api\/redeem\/code">\s*<input type="hidden" name="ticket" value="T{43}">\s*<input type="hidden" name="csrf" value="C{43}">/);
    expect(en).not.toContain('name="decision"');
    const nl = html(proveAddressPage({ ...form, locale: 'nl-NL', signedInAs: null }, []));
    expect(nl).toContain('<html lang="nl-NL">');
    expect(nl).toContain('Deze uitnodiging is voor guest@partner.example.');
    expect(nl).toContain('>Code verzenden<');
    const code = html(redeemCodePage({ ...form, locale: 'en-US', minutes: 30, error: true }, []));
    expect(code).toContain('<label for="code">Code</label>');
    expect(code).toContain('aria-describedby="code-error"');
    expect(code).toMatch(/action="\/api\/redeem\/verify"/);
  });

  it('when an accepted guest follows a link to a destination they never accepted, then a page names it and only a link leads there', () => {
    const res = continuePage('en-US', 'https://evil.example/"><script>');
    expect(res.status).toBe(200);
    expect((res.headers as Record<string, string>)['location']).toBeUndefined();
    expect(html(res)).toContain('https://evil.example/&quot;&gt;&lt;script&gt;');
    expect(html(res)).toContain('href="https://evil.example/%22%3E%3Cscript%3E"');
  });

  it('when user-supplied text holds markup, then it shows as text and never as markup', () => {
    const body = html(consentPage(input({ customMessage: '<script>alert(1)</script>"><img src=x onerror=alert(1)>', inviter: { displayName: '<b>Eve</b>', email: 'eve@x.example' } }), []));
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('<b>Eve</b>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&lt;b&gt;Eve&lt;/b&gt;');
  });

  it('when no privacy statement was provided, then the page says so plainly', () => {
    const body = html(consentPage(input({ organization: { displayName: 'Fabrikam', domain: 'f.example', privacyStatementUrl: null } }), []));
    expect(body).toContain('Fabrikam has not provided a link to their privacy statement for you to review.');
  });

  it('when the guest reads Dutch, then the page is in Dutch', () => {
    const body = html(consentPage(input({ locale: 'nl-NL' }), []));
    expect(body).toContain('<html lang="nl-NL">');
    expect(body).toContain('Machtigingen controleren');
    expect(body).toContain('>Accepteren<');
    expect(body).toContain('>Weigeren<');
  });

  it('when any page is served, then it forbids external loading, framing and caching', () => {
    for (const res of [consentPage(input(), []), invalidLinkPage('en-US'), expiredPage('en-US', 'Anna'), declinedPage('nl-NL', 'Fabrikam')]) {
      const headers = res.headers as Record<string, string>;
      expect(headers['content-security-policy']).toContain("default-src 'none'");
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['cache-control']).toBe('no-store');
    }
  });

  it('when a link is bad, then the neutral page is a 4xx that explains nothing specific', () => {
    const res = invalidLinkPage('en-US');
    expect(res.status).toBe(404);
    expect(html(res)).toContain('This link cannot be used');
    expect(expiredPage('en-US', 'Anna').status).toBe(410);
  });
});
