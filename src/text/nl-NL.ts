import { portalNlNL } from './portal-nl-NL';
import type { Strings } from './strings';

/** Dutch (Netherlands), formal "u", with Microsoft's Dutch terms (uitnodiging, inwisselen, toegangspakket). */
export const nlNL: Strings = {
  locale: 'nl-NL',
  common: {
    sentOnBehalfOf: ({ organization, domain }) => `Deze e-mail is verstuurd namens ${organization} (${domain}).`,
    privacyStatementLink: (organization) => `Lees de privacyverklaring van ${organization}`,
    noPrivacyStatement: (organization) =>
      `${organization} heeft geen koppeling naar een privacyverklaring opgegeven die u kunt bekijken.`,
    privacyContact: (email) => `Vragen over privacy: ${email}`,
    blockFutureQuestion: (organization) => `Wilt u geen uitnodigingen meer ontvangen van ${organization}?`,
    blockFutureLink: 'Toekomstige uitnodigingen blokkeren',
    messageFrom: (name) => `Bericht van ${name}:`,
    accessPackageLabel: 'Toegangspakket',
    descriptionLabel: 'Beschrijving',
    unexpectedMail: ({ organization, domain }) =>
      `Hebt u deze e-mail niet verwacht? Gebruik dan de koppelingen niet en neem contact op met ` +
      `${organization} (${domain}). ${organization} vraagt u nooit per e-mail om uw wachtwoord.`,
  },
  pages: {
    redeemTitle: 'Machtigingen controleren',
    invitedBy: ({ name, email, organization, organizationDomain }) =>
      `${name} (${email}) heeft u uitgenodigd voor toegang tot toepassingen binnen ${organization} (${organizationDomain}).`,
    consentIntro: (organization) => `${organization} wil u aanmelden en uw naam en e-mailadres lezen.`,
    trustWarning: (organization) =>
      `Accepteer alleen als u ${organization} vertrouwt. Door te accepteren staat u ${organization} toe uw gegevens ` +
      'te gebruiken zoals beschreven in de privacyverklaring.',
    accept: 'Accepteren',
    decline: 'Weigeren',
    declinedTitle: 'Uitnodiging geweigerd',
    declinedBody: (organization) => `U hebt de uitnodiging van ${organization} geweigerd. U kunt deze pagina sluiten.`,
    invalidTitle: 'Deze koppeling kan niet worden gebruikt',
    invalidBody:
      'Deze uitnodigingskoppeling is niet (meer) geldig. Verwachtte u een uitnodiging, vraag dan degene die u heeft uitgenodigd om deze opnieuw te verzenden.',
    expiredTitle: 'Deze uitnodiging is verlopen',
    expiredBody: (inviter) => `Vraag ${inviter} om de uitnodiging opnieuw te verzenden.`,
    unavailableTitle: 'Deze uitnodiging kan niet worden geaccepteerd',
    unavailableBody: (organization) => `Deze uitnodiging kan niet meer worden geaccepteerd. Neem contact op met ${organization} als u toegang nodig hebt.`,
    proveTitle: 'Uw e-mailadres bevestigen',
    invitationFor: (email) => `Deze uitnodiging is voor ${email}.`,
    personalLink:
      'Deze koppeling is persoonlijk: alleen degene naar wie ze is verstuurd, kan de uitnodiging accepteren. ' +
      'Heeft iemand haar naar u doorgestuurd, vraag de organisatie dan om u zelf uit te nodigen.',
    proveIntro: ({ email, organization }) =>
      `Om te controleren dat u het bent, stuurt ${organization} een eenmalige code naar ${email}. Vul die op de volgende pagina in.`,
    signedInAsOther: (email) => `U bent aangemeld als ${email}; dat is niet het adres waarvoor deze uitnodiging is.`,
    destinationIntro: 'Nadat u hebt geaccepteerd, gaat u naar:',
    continueTitle: 'Doorgaan naar een andere site',
    continueBody: 'U hebt deze uitnodiging al geaccepteerd. Deze koppeling leidt naar het onderstaande adres. Ga alleen verder als u dat verwachtte.',
    continueLink: 'Doorgaan naar dit adres',
    myAccess: portalNlNL,
  },
  invitation: {
    subject: ({ inviter, organization }) =>
      `${inviter} heeft u uitgenodigd voor toegang tot toepassingen binnen ${organization}`,
    notice: ({ name, email, domain }) =>
      `Accepteer deze uitnodiging alleen als u die verwachtte en de afzender vertrouwt. De uitnodiging is ` +
      `verstuurd door ${name} (${email}, domein ${domain}). Wees voorzichtig als iemand u om uw wachtwoord ` +
      `of andere persoonlijke gegevens vraagt.`,
    heading: ({ inviter, organization }) => `${inviter} heeft u uitgenodigd voor ${organization}`,
    intro: ({ name, email, organization, organizationDomain }) =>
      `${name} (${email}) heeft u uitgenodigd voor toegang tot toepassingen binnen ${organization} ` +
      `(${organizationDomain}).`,
    accept: 'Uitnodiging accepteren',
    redirectIntro: 'Nadat u de uitnodiging hebt ingewisseld, gaat u naar:',
    expires: (date) => `Deze uitnodiging verloopt op ${date}.`,
  },
  invitationReminder: {
    subject: ({ inviter, organization }) =>
      `Herinnering: ${inviter} heeft u uitgenodigd voor toegang tot toepassingen binnen ${organization}`,
    heading: (organization) => `Uw uitnodiging voor ${organization} staat nog open`,
    intro: ({ name, email, organization, organizationDomain, invitedOn }) =>
      `Op ${invitedOn} heeft ${name} (${email}) u uitgenodigd voor toegang tot toepassingen binnen ` +
      `${organization} (${organizationDomain}). U hebt de uitnodiging nog niet geaccepteerd.`,
  },
  oneTimePasscode: {
    subject: (organization) => `Uw verificatiecode voor ${organization}`,
    heading: 'Uw verificatiecode',
    intro: (organization) => `Gebruik deze code om uw e-mailadres te verifiëren bij ${organization}:`,
    codeLabel: 'Verificatiecode',
    validity: (minutes) => `De code is ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'} geldig.`,
    notice: (organization) =>
      `Hebt u deze code niet aangevraagd? Dan kunt u deze e-mail negeren. Deel de code met niemand: ` +
      `${organization} zal er nooit om vragen.`,
  },
  approvalRequest: {
    subject: ({ requestor, accessPackage, organization }) =>
      `Goedkeuring nodig: ${requestor} vraagt toegang tot ${accessPackage} (${organization})`,
    heading: ({ requestor, accessPackage }) => `${requestor} vraagt toegang tot ${accessPackage}`,
    intro: ({ requestor, email, accessPackage, organization }) =>
      `${requestor} (${email}) vraagt toegang tot het toegangspakket ${accessPackage} binnen ${organization}.`,
    requestedByLabel: 'Aangevraagd door',
    decideByLabel: 'Beslissen vóór',
    justificationLabel: 'Motivering:',
    approve: 'Goedkeuren',
    deny: 'Afwijzen',
    howToDecide: 'De knoppen openen de goedkeuringspagina. Daar meldt u zich aan en bevestigt u uw beslissing.',
    notice: (requestor) =>
      `Keur de aanvraag alleen goed als u weet wie ${requestor} is en waarom deze toegang nodig is.`,
  },
  requestApproved: {
    subject: ({ accessPackage, organization }) => `U hebt nu toegang tot ${accessPackage} binnen ${organization}`,
    heading: 'U hebt nu toegang',
    intro: ({ accessPackage, organization }) =>
      `Uw aanvraag voor toegang tot ${accessPackage} binnen ${organization} is goedgekeurd.`,
    commentLabel: 'Toelichting bij de goedkeuring:',
    accessUntilLabel: 'Toegang geldig tot',
    open: 'Aan de slag',
    firstTime: (organization) =>
      `De eerste keer vraagt ${organization} u om de privacyvoorwaarden te bekijken en te accepteren ` +
      `voordat u verdergaat.`,
  },
  requestDenied: {
    subject: ({ accessPackage, organization }) =>
      `Uw aanvraag voor toegang tot ${accessPackage} binnen ${organization} is afgewezen`,
    heading: 'Uw aanvraag is afgewezen',
    intro: ({ accessPackage, organization }) =>
      `Uw aanvraag voor toegang tot ${accessPackage} binnen ${organization} is afgewezen.`,
    reasonLabel: 'Opgegeven reden:',
    noReason: 'Er is geen reden opgegeven.',
    viewRequests: 'Uw aanvragen bekijken',
  },
  accessExpiring: {
    subject: ({ accessPackage, organization, daysLeft }) =>
      `Uw toegang tot ${accessPackage} binnen ${organization} verloopt over ${daysLeft} ` +
      `${daysLeft === 1 ? 'dag' : 'dagen'}`,
    heading: 'Uw toegang verloopt binnenkort',
    intro: ({ accessPackage, organization, date }) =>
      `Uw toegang tot ${accessPackage} binnen ${organization} eindigt op ${date}.`,
    extendPrompt: 'Hebt u de toegang nog nodig? Vraag dan een verlenging aan.',
    extend: 'Verlenging aanvragen',
    cannotExtend: (organization) =>
      `Deze toegang kan niet via deze e-mail worden verlengd. Hebt u de toegang nog nodig? ` +
      `Neem dan contact op met ${organization}.`,
  },
  accessEnded: {
    subject: ({ accessPackage, organization }) => `Uw toegang tot ${accessPackage} binnen ${organization} is beëindigd`,
    heading: 'Uw toegang is beëindigd',
    intro: ({ accessPackage, organization, date }) =>
      `Uw toegang tot ${accessPackage} binnen ${organization} is op ${date} beëindigd. ` +
      `U kunt de resources die u via dit pakket had niet meer gebruiken.`,
    requestAgain: 'Opnieuw toegang aanvragen',
  },
  accessPackageLink: {
    subject: ({ sender, accessPackage, organization }) =>
      `${sender} nodigt u uit om toegang aan te vragen tot ${accessPackage} binnen ${organization}`,
    notice: ({ name, email, domain }) =>
      `Gebruik deze koppeling alleen als u die verwachtte en de afzender vertrouwt. De koppeling is ` +
      `verstuurd door ${name} (${email}, domein ${domain}). Wees voorzichtig als iemand u om uw wachtwoord ` +
      `of andere persoonlijke gegevens vraagt.`,
    heading: (accessPackage) => `Toegang aanvragen tot ${accessPackage}`,
    intro: ({ name, email, accessPackage, organization, organizationDomain }) =>
      `${name} (${email}) heeft een koppeling met u gedeeld waarmee u toegang kunt aanvragen tot het ` +
      `toegangspakket ${accessPackage} binnen ${organization} (${organizationDomain}).`,
    request: 'Toegang aanvragen',
    approvalMayBeNeeded: 'Mogelijk moet uw aanvraag eerst worden goedgekeurd voordat u toegang krijgt.',
  },
};
