import { describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../../src/domain/mail/message';
import { renderEmail } from '../../../src/email/templates';
import { buildMessage, hrefs, visibleText } from './builders';

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"><img src=x onerror=alert(1)>';
const hostileMessage = `Hello ${SCRIPT}\n${BREAKOUT}\nTom & Jerry 'quoted'`;

/** Asserts the HTML carries no markup that user input could have introduced. */
function expectNoInjectedMarkup(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<b>/i);
  expect(html).not.toMatch(/<[^>]*\sonerror=/i);
  expect(html).not.toMatch(/href="(?!https?:)/i);
}

describe('user-supplied text in the HTML part', () => {
  it('when a custom message holds <script> and an attribute breakout, then both are visible text and never markup', () => {
    const mail = renderEmail(buildMessage('invitation', { data: { customMessage: hostileMessage } }));
    expectNoInjectedMarkup(mail.html);
    expect(mail.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(visibleText(mail.html)).toContain(`Hello ${SCRIPT}\n${BREAKOUT}\nTom & Jerry 'quoted'`);
  });

  it('when names hold markup, then the inviter, organization and package names are escaped everywhere', () => {
    const organization = {
      displayName: 'Contoso <b>Evil</b>',
      domain: 'contoso.com',
      privacyStatementUrl: null,
      privacyContactEmail: null,
    };
    const mails = [
      renderEmail(buildMessage('invitation', { data: { organization, inviter: { displayName: '<b>Boss</b>', email: 'boss@fabrikam.com' } } })),
      renderEmail(
        buildMessage('accessPackageLink', {
          data: { organization, accessPackage: { displayName: `Pkg ${BREAKOUT}`, description: SCRIPT } },
        }),
      ),
    ];
    for (const mail of mails) expectNoInjectedMarkup(mail.html);
    expect(mails[0]!.html).toContain('&lt;b&gt;Boss&lt;/b&gt; invited you to Contoso &lt;b&gt;Evil&lt;/b&gt;');
    expect(mails[0]!.subject).toBe('<b>Boss</b> invited you to access applications within Contoso <b>Evil</b>');
    expect(mails[1]!.html).toContain('Pkg &quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('when a justification or denial reason holds markup, then it is escaped in the approver and requester mails', () => {
    const approval = renderEmail(buildMessage('approvalRequest', { data: { justification: BREAKOUT, answers: [{ question: SCRIPT, answer: SCRIPT }] } }));
    const denial = renderEmail(buildMessage('requestDenied', { data: { reason: SCRIPT } }));
    for (const mail of [approval, denial]) expectNoInjectedMarkup(mail.html);
    expect(visibleText(approval.html)).toContain(BREAKOUT);
    expect(visibleText(denial.html)).toContain(SCRIPT);
  });
});

describe('user-supplied text in the plain-text part', () => {
  it('when the custom message holds markup and ampersands, then the plain text shows it as written, without entities', () => {
    const mail = renderEmail(buildMessage('invitation', { data: { customMessage: hostileMessage } }));
    expect(mail.plainText).toContain(`> Hello ${SCRIPT}\n> ${BREAKOUT}\n> Tom & Jerry 'quoted'`);
    expect(mail.plainText).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
    expect(mail.plainText).toContain('https://gatehouse.example/api/redeem?tenant=t1&ticket=abc123');
  });
});

describe('line breaks', () => {
  it('when the custom message has Windows and Unix line breaks, then each becomes <br> in HTML and a quoted line in text', () => {
    const mail = renderEmail(buildMessage('invitation', { data: { customMessage: 'first\r\nsecond\n\nfourth' } }));
    expect(mail.html).toContain('first<br>\nsecond<br>\n<br>\nfourth');
    expect(mail.plainText).toContain('> first\n> second\n>\n> fourth');
  });

  it('when a name holds a line break, then the subject stays on one line', () => {
    const mail = renderEmail(buildMessage('invitation', { data: { inviter: { displayName: 'Anna\r\nBcc: x@evil.test', email: 'anna@fabrikam.com' } } }));
    expect(mail.subject).toBe('Anna Bcc: x@evil.test invited you to access applications within Contoso Ltd');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('when text holds bidi overrides or control characters, then they are removed so they cannot disguise it', () => {
    const mail = renderEmail(buildMessage('invitation', { data: { customMessage: 'pay\u202Egnp.exe\u0007 now' } }));
    expect(visibleText(mail.html)).toContain('paygnp.exe now');
    expect(mail.plainText).toContain('> paygnp.exe now');
  });
});

describe('links', () => {
  it('when a message that skipped the parser carries a javascript: URL, then it is shown as text and never becomes a link', () => {
    const parsed = buildMessage('invitation');
    const forged = { ...parsed, data: { ...parsed.data, redeemUrl: 'javascript:alert(1)' } } as EmailMessage;
    const mail = renderEmail(forged);
    expect(hrefs(mail.html).every((href) => /^https?:\/\//.test(href))).toBe(true);
    expect(mail.html).not.toMatch(/href="javascript:/i);
    expect(visibleText(mail.html)).toContain('Accept invitation (javascript:alert(1))');
  });

  it('when a URL holds quotes or angle brackets, then its href cannot break out of the attribute', () => {
    const mail = renderEmail(buildMessage('invitation', { data: { redirectUrl: 'https://apps.contoso.com/x?a="><img src=x>' } }));
    expectNoInjectedMarkup(mail.html);
    expect(hrefs(mail.html)).toContain('https://apps.contoso.com/x?a=%22%3E%3Cimg%20src=x%3E');
  });
});
