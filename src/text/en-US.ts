import { portalEnUS } from './portal-en-US';
import type { Strings } from './strings';

/** English (United States): the default language. */
export const enUS: Strings = {
  locale: 'en-US',
  common: {
    sentOnBehalfOf: ({ organization, domain }) => `This mail was sent on behalf of ${organization} (${domain}).`,
    privacyStatementLink: (organization) => `Read ${organization}'s privacy statement`,
    noPrivacyStatement: (organization) =>
      `${organization} has not provided a link to their privacy statement for you to review.`,
    privacyContact: (email) => `Privacy questions: ${email}`,
    blockFutureQuestion: (organization) => `Don't want to receive invitations from ${organization}?`,
    blockFutureLink: 'Block future invitations',
    messageFrom: (name) => `Message from ${name}:`,
    accessPackageLabel: 'Access package',
    descriptionLabel: 'Description',
    unexpectedMail: ({ organization, domain }) =>
      `If you did not expect this mail, do not use its links and contact ${organization} (${domain}). ` +
      `${organization} will never ask you for your password by mail.`,
  },
  pages: {
    redeemTitle: 'Review permissions',
    invitedBy: ({ name, email, organization, organizationDomain }) =>
      `${name} (${email}) invited you to access applications within ${organization} (${organizationDomain}).`,
    consentIntro: (organization) => `${organization} would like to sign you in and read your name and email address.`,
    trustWarning: (organization) =>
      `Only accept if you trust ${organization}. By accepting, you allow ${organization} to use your information ` +
      'as described in its privacy statement.',
    accept: 'Accept',
    decline: 'Decline',
    declinedTitle: 'Invitation declined',
    declinedBody: (organization) => `You declined the invitation to ${organization}. You can close this page.`,
    invalidTitle: 'This link cannot be used',
    invalidBody:
      'This invitation link is not valid, or no longer valid. If you expected an invitation, ask the person who invited you to send it again.',
    expiredTitle: 'This invitation has expired',
    expiredBody: (inviter) => `Ask ${inviter} to send you the invitation again.`,
    unavailableTitle: 'This invitation cannot be accepted',
    unavailableBody: (organization) => `This invitation can no longer be accepted. Contact ${organization} if you need access.`,
    proveTitle: 'Verify your email address',
    invitationFor: (email) => `This invitation is for ${email}.`,
    personalLink:
      'This link is personal: only the person it was sent to can accept it. If someone forwarded it to you, ' +
      'ask the organization to invite you instead.',
    proveIntro: ({ email, organization }) =>
      `To make sure it is you, ${organization} sends a one-time code to ${email}. Enter it on the next page.`,
    signedInAsOther: (email) => `You are signed in as ${email}, which is not the address this invitation is for.`,
    destinationIntro: 'After you accept, you will be taken to:',
    continueTitle: 'Continue to another site',
    continueBody: 'You have already accepted this invitation. This link leads to the address below. Continue only if you expected it.',
    continueLink: 'Continue to this address',
    myAccess: portalEnUS,
  },
  invitation: {
    subject: ({ inviter, organization }) => `${inviter} invited you to access applications within ${organization}`,
    notice: ({ name, email, domain }) =>
      `Only accept this invitation if you expected it and trust the sender. It was sent by ${name} ` +
      `(${email}, domain ${domain}). Be cautious of anyone asking for your password or other personal information.`,
    heading: ({ inviter, organization }) => `${inviter} invited you to ${organization}`,
    intro: ({ name, email, organization, organizationDomain }) =>
      `${name} (${email}) invited you to access applications within ${organization} (${organizationDomain}).`,
    accept: 'Accept invitation',
    redirectIntro: 'After you accept, you will be taken to:',
    expires: (date) => `This invitation expires on ${date}.`,
  },
  invitationReminder: {
    subject: ({ inviter, organization }) =>
      `Reminder: ${inviter} invited you to access applications within ${organization}`,
    heading: (organization) => `Your invitation to ${organization} is waiting`,
    intro: ({ name, email, organization, organizationDomain, invitedOn }) =>
      `On ${invitedOn}, ${name} (${email}) invited you to access applications within ${organization} ` +
      `(${organizationDomain}). You have not accepted the invitation yet.`,
  },
  oneTimePasscode: {
    subject: (organization) => `Your verification code for ${organization}`,
    heading: 'Your verification code',
    intro: (organization) => `Use this code to verify your email address with ${organization}:`,
    codeLabel: 'Verification code',
    validity: (minutes) => `The code is valid for ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
    notice: (organization) =>
      `If you did not ask for this code, you can ignore this mail. Never share the code: ` +
      `${organization} will never ask you for it.`,
  },
  approvalRequest: {
    subject: ({ requestor, accessPackage, organization }) =>
      `Approval needed: ${requestor} requests access to ${accessPackage} (${organization})`,
    heading: ({ requestor, accessPackage }) => `${requestor} requests access to ${accessPackage}`,
    intro: ({ requestor, email, accessPackage, organization }) =>
      `${requestor} (${email}) asks for access to the access package ${accessPackage} in ${organization}.`,
    requestedByLabel: 'Requested by',
    decideByLabel: 'Decide before',
    justificationLabel: 'Justification:',
    approve: 'Approve',
    deny: 'Deny',
    howToDecide: 'The buttons open the approval page, where you sign in and confirm your decision.',
    notice: (requestor) => `Only approve if you know who ${requestor} is and why they need this access.`,
  },
  requestApproved: {
    subject: ({ accessPackage, organization }) => `You now have access to ${accessPackage} in ${organization}`,
    heading: 'You now have access',
    intro: ({ accessPackage, organization }) =>
      `Your request for access to ${accessPackage} in ${organization} was approved.`,
    commentLabel: 'Comment from the approver:',
    accessUntilLabel: 'Access until',
    open: 'Get started',
    firstTime: (organization) =>
      `The first time, ${organization} asks you to review and accept its privacy terms before you continue.`,
  },
  requestDenied: {
    subject: ({ accessPackage, organization }) =>
      `Your request for access to ${accessPackage} in ${organization} was denied`,
    heading: 'Your request was denied',
    intro: ({ accessPackage, organization }) =>
      `Your request for access to ${accessPackage} in ${organization} was denied.`,
    reasonLabel: 'Reason given:',
    noReason: 'No reason was given.',
    viewRequests: 'View your requests',
  },
  accessExpiring: {
    subject: ({ accessPackage, organization, daysLeft }) =>
      `Your access to ${accessPackage} in ${organization} expires in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`,
    heading: 'Your access expires soon',
    intro: ({ accessPackage, organization, date }) =>
      `Your access to ${accessPackage} in ${organization} ends on ${date}.`,
    extendPrompt: 'Still need it? Ask for an extension.',
    extend: 'Request extension',
    cannotExtend: (organization) =>
      `This access cannot be extended from this mail. If you still need it, contact ${organization}.`,
  },
  accessEnded: {
    subject: ({ accessPackage, organization }) => `Your access to ${accessPackage} in ${organization} has ended`,
    heading: 'Your access has ended',
    intro: ({ accessPackage, organization, date }) =>
      `Your access to ${accessPackage} in ${organization} ended on ${date}. ` +
      `You can no longer use the resources it gave you.`,
    requestAgain: 'Request access again',
  },
  accessPackageLink: {
    subject: ({ sender, accessPackage, organization }) =>
      `${sender} invited you to request access to ${accessPackage} in ${organization}`,
    notice: ({ name, email, domain }) =>
      `Only use this link if you expected it and trust the sender. It was sent by ${name} ` +
      `(${email}, domain ${domain}). Be cautious of anyone asking for your password or other personal information.`,
    heading: (accessPackage) => `Request access to ${accessPackage}`,
    intro: ({ name, email, accessPackage, organization, organizationDomain }) =>
      `${name} (${email}) shared a link so you can request access to the access package ${accessPackage} ` +
      `in ${organization} (${organizationDomain}).`,
    request: 'Request access',
    approvalMayBeNeeded: 'Your request may need to be approved before you get access.',
  },
};
