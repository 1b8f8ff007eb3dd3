import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS, type EmailKind } from '../../../src/domain/mail/message';
import { renderEmail } from '../../../src/email/templates';
import { buildMessage, hrefs, sampleData, visibleText } from './builders';

interface Expected {
  subject: string;
  phrases: string[];
  links: string[];
}

const PRIVACY = 'https://contoso.com/privacy';
const d = sampleData;

const english: Record<EmailKind, Expected> = {
  invitation: {
    subject: 'Anna de Vries invited you to access applications within Contoso Ltd',
    phrases: ['Only accept this invitation if you expected it', 'anna@fabrikam.com, domain fabrikam.com', 'Accept invitation', "Read Contoso Ltd's privacy statement", 'Block future invitations', 'Privacy questions: privacy@contoso.com'],
    links: [d.invitation.redeemUrl, d.invitation.redirectUrl, d.invitation.blockFutureInvitationsUrl, PRIVACY],
  },
  invitationReminder: {
    subject: 'Reminder: Anna de Vries invited you to access applications within Contoso Ltd',
    phrases: ['On July 1, 2030', 'You have not accepted the invitation yet', 'Accept invitation', 'Only accept this invitation'],
    links: [d.invitationReminder.redeemUrl, d.invitationReminder.redirectUrl, d.invitationReminder.blockFutureInvitationsUrl, PRIVACY],
  },
  oneTimePasscode: {
    subject: 'Your verification code for Contoso Ltd',
    phrases: ['Verification code', '482913', 'The code is valid for 30 minutes.', 'If you did not ask for this code'],
    links: [PRIVACY],
  },
  approvalRequest: {
    subject: 'Approval needed: Piet Jansen requests access to Sales Portal (Contoso Ltd)',
    phrases: ['Piet Jansen (piet@partner.nl)', 'Justification:', 'Needed for the Q3 project', 'Project code?', 'P-42', 'July 20, 2030', 'Approve', 'Deny', 'Only approve if you know who Piet Jansen is'],
    links: [d.approvalRequest.approveUrl, d.approvalRequest.denyUrl, PRIVACY],
  },
  requestApproved: {
    subject: 'You now have access to Sales Portal in Contoso Ltd',
    phrases: ['was approved', 'Welcome aboard', 'December 31, 2030', 'Get started', 'If you did not expect this mail'],
    links: [d.requestApproved.accessUrl, PRIVACY],
  },
  requestDenied: {
    subject: 'Your request for access to Sales Portal in Contoso Ltd was denied',
    phrases: ['Reason given:', 'Project has ended', 'View your requests'],
    links: [d.requestDenied.requestsUrl!, PRIVACY],
  },
  accessExpiring: {
    subject: 'Your access to Sales Portal in Contoso Ltd expires in 14 days',
    phrases: ['ends on July 14, 2030', 'Request extension'],
    links: [d.accessExpiring.extendUrl!, PRIVACY],
  },
  accessEnded: {
    subject: 'Your access to Sales Portal in Contoso Ltd has ended',
    phrases: ['ended on July 14, 2030', 'Request access again'],
    links: [d.accessEnded.requestAgainUrl!, PRIVACY],
  },
  accessPackageLink: {
    subject: 'Anna de Vries invited you to request access to Sales Portal in Contoso Ltd',
    phrases: ['Only use this link if you expected it', 'domain fabrikam.com', 'Read access to the sales portal', 'Request access'],
    links: [d.accessPackageLink.linkUrl, d.accessPackageLink.blockFutureInvitationsUrl!, PRIVACY],
  },
};

const dutch: Record<EmailKind, Omit<Expected, 'links'>> = {
  invitation: {
    subject: 'Anna de Vries heeft u uitgenodigd voor toegang tot toepassingen binnen Contoso Ltd',
    phrases: ['Accepteer deze uitnodiging alleen als u die verwachtte', 'anna@fabrikam.com, domein fabrikam.com', 'Uitnodiging accepteren', 'Nadat u de uitnodiging hebt ingewisseld', 'Lees de privacyverklaring van Contoso Ltd', 'Toekomstige uitnodigingen blokkeren'],
  },
  invitationReminder: {
    subject: 'Herinnering: Anna de Vries heeft u uitgenodigd voor toegang tot toepassingen binnen Contoso Ltd',
    phrases: ['Op 1 juli 2030', 'U hebt de uitnodiging nog niet geaccepteerd', 'Uitnodiging accepteren'],
  },
  oneTimePasscode: {
    subject: 'Uw verificatiecode voor Contoso Ltd',
    phrases: ['Verificatiecode', '482913', 'De code is 30 minuten geldig.', 'Hebt u deze code niet aangevraagd?'],
  },
  approvalRequest: {
    subject: 'Goedkeuring nodig: Piet Jansen vraagt toegang tot Sales Portal (Contoso Ltd)',
    phrases: ['het toegangspakket Sales Portal', 'Motivering:', 'Goedkeuren', 'Afwijzen', '20 juli 2030'],
  },
  requestApproved: {
    subject: 'U hebt nu toegang tot Sales Portal binnen Contoso Ltd',
    phrases: ['is goedgekeurd', 'Toelichting bij de goedkeuring:', 'Aan de slag', '31 december 2030'],
  },
  requestDenied: {
    subject: 'Uw aanvraag voor toegang tot Sales Portal binnen Contoso Ltd is afgewezen',
    phrases: ['Opgegeven reden:', 'Project has ended', 'Uw aanvragen bekijken'],
  },
  accessExpiring: {
    subject: 'Uw toegang tot Sales Portal binnen Contoso Ltd verloopt over 14 dagen',
    phrases: ['eindigt op 14 juli 2030', 'Verlenging aanvragen'],
  },
  accessEnded: {
    subject: 'Uw toegang tot Sales Portal binnen Contoso Ltd is beëindigd',
    phrases: ['is op 14 juli 2030 om 09:30 UTC beëindigd', 'Opnieuw toegang aanvragen'],
  },
  accessPackageLink: {
    subject: 'Anna de Vries nodigt u uit om toegang aan te vragen tot Sales Portal binnen Contoso Ltd',
    phrases: ['Gebruik deze koppeling alleen als u die verwachtte', 'domein fabrikam.com', 'Toegang aanvragen'],
  },
};

describe.each(EMAIL_KINDS)('the %s mail', (kind) => {
  it('when written in English, then the subject, key phrases and every link are in both parts', () => {
    const mail = renderEmail(buildMessage(kind, { language: 'en-US' }));
    const expected = english[kind];
    expect(mail.language).toBe('en-US');
    expect(mail.subject).toBe(expected.subject);
    for (const phrase of expected.phrases) {
      expect(visibleText(mail.html)).toContain(phrase);
      expect(mail.plainText).toContain(phrase);
    }
    expect(new Set(hrefs(mail.html))).toEqual(new Set(expected.links));
    for (const url of expected.links) expect(mail.plainText).toContain(url);
    expect(mail.plainText).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
  });

  it('when written in Dutch, then the subject, key phrases and the same links are in both parts', () => {
    const mail = renderEmail(buildMessage(kind, { language: 'nl-NL' }));
    const expected = dutch[kind];
    expect(mail.language).toBe('nl-NL');
    expect(mail.subject).toBe(expected.subject);
    expect(mail.html).toContain('<html lang="nl-NL"');
    for (const phrase of expected.phrases) {
      expect(visibleText(mail.html)).toContain(phrase);
      expect(mail.plainText).toContain(phrase);
    }
    expect(new Set(hrefs(mail.html))).toEqual(new Set(english[kind].links));
    for (const url of english[kind].links) expect(mail.plainText).toContain(url);
    expect(visibleText(mail.html)).not.toMatch(/privacy statement|Accept invitation|Request access\b/);
  });
});
