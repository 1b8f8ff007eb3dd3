import type { PortalStrings } from './portal-strings';

/**
 * Every phrase a mail uses, for one language. A language file exports a `Strings` object; because
 * every member is required, a phrase missing from a translation is a compile error.
 *
 * All values are plain text: the renderer escapes them, so a translation can never add markup.
 * Links inside sentences are separate members (the link text) so each part is escaped on its own.
 * Arguments are already cleaned single-line text (names) or formatted dates.
 */
export interface Strings {
  /** BCP 47 tag for the HTML `lang` attribute and for formatting dates. */
  readonly locale: string;
  readonly common: {
    sentOnBehalfOf(p: { organization: string; domain: string }): string;
    privacyStatementLink(organization: string): string;
    noPrivacyStatement(organization: string): string;
    privacyContact(email: string): string;
    blockFutureQuestion(organization: string): string;
    blockFutureLink: string;
    messageFrom(name: string): string;
    accessPackageLabel: string;
    descriptionLabel: string;
    /** For mails not sent by a person: what to do with a mail you did not expect. */
    unexpectedMail(p: { organization: string; domain: string }): string;
  };
  /** The web pages a guest opens from a mail (redemption; later My Access). */
  readonly pages: {
    redeemTitle: string;
    invitedBy(p: Sender & { organization: string; organizationDomain: string }): string;
    consentIntro(organization: string): string;
    trustWarning(organization: string): string;
    accept: string;
    decline: string;
    declinedTitle: string;
    declinedBody(organization: string): string;
    invalidTitle: string;
    invalidBody: string;
    expiredTitle: string;
    expiredBody(inviter: string): string;
    unavailableTitle: string;
    unavailableBody(organization: string): string;
    /** Before consent: the visitor proves the invited address with a mailed one-time code. */
    proveTitle: string;
    invitationFor(email: string): string;
    /** The link works only for the person it was mailed to; forwarding it gives nothing. */
    personalLink: string;
    proveIntro(p: { email: string; organization: string }): string;
    signedInAsOther(email: string): string;
    /** Where Accept leads (named on the consent page). */
    destinationIntro: string;
    /** An accepted guest opening a link whose destination they never accepted. */
    continueTitle: string;
    continueBody: string;
    continueLink: string;
    /** The My Access portal (`portal-strings.ts`). */
    myAccess: PortalStrings;
  };
  readonly invitation: {
    subject(p: { inviter: string; organization: string }): string;
    /** The phishing warning, naming the inviter's address and domain so the guest can check them. */
    notice(p: Sender): string;
    heading(p: { inviter: string; organization: string }): string;
    intro(p: Sender & { organization: string; organizationDomain: string }): string;
    accept: string;
    redirectIntro: string;
    expires(date: string): string;
  };
  readonly invitationReminder: {
    subject(p: { inviter: string; organization: string }): string;
    heading(organization: string): string;
    intro(p: Sender & { organization: string; organizationDomain: string; invitedOn: string }): string;
  };
  readonly oneTimePasscode: {
    subject(organization: string): string;
    heading: string;
    intro(organization: string): string;
    codeLabel: string;
    validity(minutes: number): string;
    notice(organization: string): string;
  };
  readonly approvalRequest: {
    subject(p: { requestor: string; accessPackage: string; organization: string }): string;
    heading(p: { requestor: string; accessPackage: string }): string;
    intro(p: { requestor: string; email: string; accessPackage: string; organization: string }): string;
    requestedByLabel: string;
    decideByLabel: string;
    justificationLabel: string;
    approve: string;
    deny: string;
    howToDecide: string;
    notice(requestor: string): string;
  };
  readonly requestApproved: {
    subject(p: { accessPackage: string; organization: string }): string;
    heading: string;
    intro(p: { accessPackage: string; organization: string }): string;
    commentLabel: string;
    accessUntilLabel: string;
    open: string;
    firstTime(organization: string): string;
  };
  readonly requestDenied: {
    subject(p: { accessPackage: string; organization: string }): string;
    heading: string;
    intro(p: { accessPackage: string; organization: string }): string;
    reasonLabel: string;
    noReason: string;
    viewRequests: string;
  };
  readonly accessExpiring: {
    subject(p: { accessPackage: string; organization: string; daysLeft: number }): string;
    heading: string;
    intro(p: { accessPackage: string; organization: string; date: string }): string;
    extendPrompt: string;
    extend: string;
    cannotExtend(organization: string): string;
  };
  readonly accessEnded: {
    subject(p: { accessPackage: string; organization: string }): string;
    heading: string;
    intro(p: { accessPackage: string; organization: string; date: string }): string;
    requestAgain: string;
  };
  readonly accessPackageLink: {
    subject(p: { sender: string; accessPackage: string; organization: string }): string;
    notice(p: Sender): string;
    heading(accessPackage: string): string;
    intro(p: Sender & { accessPackage: string; organization: string; organizationDomain: string }): string;
    request: string;
    approvalMayBeNeeded: string;
  };
}

/** A person who sent a mail, as the phishing warning shows them. */
export interface Sender {
  name: string;
  email: string;
  /** The domain of `email`, shown on its own because that is what a guest can verify. */
  domain: string;
}
