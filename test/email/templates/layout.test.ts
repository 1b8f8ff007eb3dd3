import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS } from '../../../src/domain/mail/message';
import { renderEmail } from '../../../src/email/templates';
import { buildMessage, visibleText } from './builders';

const mails = EMAIL_KINDS.map((kind) => [kind, renderEmail(buildMessage(kind, { data: { customMessage: 'Hi' } as never }))] as const);

describe.each(mails)('the %s HTML', (_kind, mail) => {
  it('when opened in a dark-mode client, then it declares both schemes and pairs every background with a text colour', () => {
    expect(mail.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(mail.html).toContain('<meta name="supported-color-schemes" content="light dark">');
    const styles = [...mail.html.matchAll(/style="([^"]*)"/g)].map((m) => m[1] ?? '');
    const painted = styles.filter((style) => /background-color:/.test(style));
    expect(painted.length).toBeGreaterThan(0);
    for (const style of painted) expect(style).toMatch(/(^|;)color:#/);
  });

  it('when opened anywhere, then it loads nothing: no style blocks, images, scripts, external fonts or stylesheets', () => {
    expect(mail.html).not.toMatch(/<style|<img|<link|<script|@import|url\(|\ssrc=/i);
  });

  it('when read on a phone, then the layout is fluid up to 600px and no text is smaller than 16px', () => {
    expect(mail.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(mail.html).toMatch(/width:100%;max-width:600px/);
    const sizes = [...mail.html.matchAll(/font-size:(\d+)px/g)].map((m) => Number(m[1]));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
  });

  it('when a button is shown, then its tap target is at least 44px high', () => {
    for (const [, padding, size] of mail.html.matchAll(/display:inline-block;[^"]*?padding:(\d+)px[^"]*?font-size:(\d+)px;line-height:1\.3/g)) {
      expect(2 * Number(padding) + 1.3 * Number(size)).toBeGreaterThanOrEqual(44);
    }
  });
});

describe('headers', () => {
  it.each(['invitation', 'invitationReminder', 'accessPackageLink'] as const)(
    'when a %s mail is rendered, then List-Unsubscribe points at the block link with one-click POST',
    (kind) => {
      const message = buildMessage(kind);
      const block = (message.data as { blockFutureInvitationsUrl: string }).blockFutureInvitationsUrl;
      expect(renderEmail(message).headers).toEqual({
        'List-Unsubscribe': `<${block}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      });
    },
  );

  it.each(['oneTimePasscode', 'approvalRequest', 'requestApproved', 'requestDenied', 'accessExpiring', 'accessEnded'] as const)(
    'when a %s mail is rendered, then there is no List-Unsubscribe (the recipient needs it)',
    (kind) => {
      const mail = renderEmail(buildMessage(kind));
      expect(mail.headers).toEqual({});
      expect(mail.plainText).not.toContain('Block future invitations');
    },
  );

  it('when the block URL is plain http (a local run), then List-Unsubscribe is set without one-click, which needs https', () => {
    const url = 'http://127.0.0.1:7071/api/block?t=xyz';
    expect(renderEmail(buildMessage('invitation', { data: { blockFutureInvitationsUrl: url } })).headers).toEqual({
      'List-Unsubscribe': `<${url}>`,
    });
  });

  it('when a shared link has no block URL, then neither the header nor the block line is there', () => {
    const mail = renderEmail(buildMessage('accessPackageLink', { data: { blockFutureInvitationsUrl: null } }));
    expect(mail.headers).toEqual({});
    expect(mail.plainText).not.toContain('Block future invitations');
  });
});

describe('variants', () => {
  it('when the organization has no privacy statement, then both languages say so plainly and link nothing', () => {
    const organization = { displayName: 'Contoso Ltd', domain: 'contoso.com', privacyStatementUrl: null, privacyContactEmail: null };
    const en = renderEmail(buildMessage('invitation', { data: { organization } }));
    const nl = renderEmail(buildMessage('invitation', { language: 'nl', data: { organization } }));
    expect(en.plainText).toContain('Contoso Ltd has not provided a link to their privacy statement for you to review.');
    expect(visibleText(nl.html)).toContain('Contoso Ltd heeft geen koppeling naar een privacyverklaring opgegeven');
    expect(en.html).not.toContain('contoso.com/privacy');
    expect(en.plainText).not.toContain('Privacy questions');
  });

  it('when access expires in 1 day without extension, then the subject says 1 day and no extension button is shown', () => {
    const en = renderEmail(buildMessage('accessExpiring', { data: { daysLeft: 1, extendUrl: null } }));
    const nl = renderEmail(buildMessage('accessExpiring', { language: 'nl-NL', data: { daysLeft: 1, extendUrl: null } }));
    expect(en.subject).toBe('Your access to Sales Portal in Contoso Ltd expires in 1 day');
    expect(nl.subject).toBe('Uw toegang tot Sales Portal binnen Contoso Ltd verloopt over 1 dag');
    expect(en.plainText).toContain('This access cannot be extended from this mail');
    expect(en.plainText).not.toContain('Request extension');
  });

  it('when an invitation expires, then the date is shown; when it does not, no expiry line appears', () => {
    const expiring = renderEmail(buildMessage('invitation', { data: { expiresDateTime: '2030-08-01T10:00:00Z' } }));
    expect(expiring.plainText).toContain('This invitation expires on August 1, 2030');
    expect(renderEmail(buildMessage('invitation')).plainText).not.toContain('expires on');
  });

  it('when a denial has no reason, then the mail says none was given', () => {
    expect(renderEmail(buildMessage('requestDenied', { data: { reason: '  \n ' } })).plainText).toContain('No reason was given.');
  });
});
