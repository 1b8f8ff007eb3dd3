import { describe, expect, it } from 'vitest';
import { chooseLanguage } from '../../src/text';
import { renderEmail } from '../../src/email/templates';
import { buildMessage } from '../email/templates/builders';

describe('chooseLanguage', () => {
  it('when nothing is known, then it is en-US', () => {
    expect(chooseLanguage({})).toBe('en-US');
  });

  it('when every preference is given, then messageLanguage wins, then the recipient, then the organization', () => {
    expect(chooseLanguage({ messageLanguage: 'nl-NL', recipientPreferredLanguage: 'en-US', organizationPreferredLanguage: 'en-US' })).toBe('nl-NL');
    expect(chooseLanguage({ recipientPreferredLanguage: 'nl-NL', organizationPreferredLanguage: 'en-US' })).toBe('nl-NL');
    expect(chooseLanguage({ recipientPreferredLanguage: 'en-US', organizationPreferredLanguage: 'nl-NL' })).toBe('en-US');
    expect(chooseLanguage({ organizationPreferredLanguage: 'nl-NL' })).toBe('nl-NL');
  });

  it('when a tag differs only in case or separator, then it still matches', () => {
    expect(chooseLanguage({ messageLanguage: 'NL-nl' })).toBe('nl-NL');
    expect(chooseLanguage({ messageLanguage: ' nl_nl ' })).toBe('nl-NL');
  });

  it('when only the language matches (nl-BE, nl, en-GB), then it falls back to that language before the next preference', () => {
    expect(chooseLanguage({ messageLanguage: 'nl-BE', recipientPreferredLanguage: 'en-US' })).toBe('nl-NL');
    expect(chooseLanguage({ messageLanguage: 'nl', recipientPreferredLanguage: 'en-US' })).toBe('nl-NL');
    expect(chooseLanguage({ messageLanguage: 'en-GB', recipientPreferredLanguage: 'nl-NL' })).toBe('en-US');
  });

  it('when a preference is unsupported or empty, then the next one is used', () => {
    expect(chooseLanguage({ messageLanguage: 'fr-FR', recipientPreferredLanguage: 'nl-BE' })).toBe('nl-NL');
    expect(chooseLanguage({ messageLanguage: '', recipientPreferredLanguage: null, organizationPreferredLanguage: 'nl' })).toBe('nl-NL');
    expect(chooseLanguage({ messageLanguage: 'de-DE', recipientPreferredLanguage: 'fr', organizationPreferredLanguage: 'xx' })).toBe('en-US');
  });
});

describe('the language a mail is rendered in', () => {
  it('when the invitation has a custom message and a messageLanguage, then messageLanguage still applies (unlike Entra)', () => {
    const mail = renderEmail(buildMessage('invitation', { language: 'nl-NL', recipientLanguage: 'en-US', data: { customMessage: 'Welcome!' } }));
    expect(mail.language).toBe('nl-NL');
    expect(mail.plainText).toContain('Bericht van Anna de Vries:\n> Welcome!');
  });

  it('when only the recipient has a preference, then it is used', () => {
    expect(renderEmail(buildMessage('oneTimePasscode', { recipientLanguage: 'nl-BE' })).subject).toBe('Uw verificatiecode voor Contoso Ltd');
  });

  it("when only the organization has a preference, then the organization's language is used", () => {
    const message = buildMessage('accessEnded');
    expect(renderEmail(message, { organizationPreferredLanguage: 'nl-NL' }).language).toBe('nl-NL');
    expect(renderEmail(message).language).toBe('en-US');
  });

  it('when a time zone is given, then dates are shown in it', () => {
    const message = buildMessage('accessExpiring', { language: 'nl-NL' });
    expect(renderEmail(message).plainText).toContain('14 juli 2030 om 09:30 UTC');
    expect(renderEmail(message, { timeZone: 'Europe/Amsterdam' }).plainText).toContain('14 juli 2030 om 11:30 CEST');
  });
});
