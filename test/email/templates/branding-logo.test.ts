import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../../src/email/templates';
import { buildMessage } from './builders';

/** Company branding in mails (issue 18): the logo in the HTML part only, escaped, http(s) only. */
describe('the organization logo in mails', () => {
  it('when a logo is set for the mail language, then the HTML starts the card with it and the plain text is unchanged', () => {
    const message = buildMessage('invitation');
    const plain = renderEmail(message);
    const seen: string[] = [];
    const branded = renderEmail(message, {
      brandFor: (locale) => {
        seen.push(locale);
        return { logoUrl: 'https://gatehouse.example/api/branding-assets/0/squareLogo?v=a&b', logoAlt: 'Fabrikam "Partners"' };
      },
    });
    expect(seen).toEqual(['en-US']);
    expect(branded.html).toContain('<img src="https://gatehouse.example/api/branding-assets/0/squareLogo?v=a&amp;b" alt="Fabrikam &quot;Partners&quot;" height="36"');
    expect(branded.plainText).toBe(plain.plainText);
    expect(branded.subject).toBe(plain.subject);
    expect(plain.html).not.toContain('<img');
  });

  it('when the logo URL is not http(s), then no image is rendered', () => {
    const branded = renderEmail(buildMessage('invitation'), { brandFor: () => ({ logoUrl: 'javascript:alert(1)', logoAlt: 'x' }) });
    expect(branded.html).not.toContain('<img');
    expect(branded.html).not.toContain('javascript:');
  });
});
