import { actions, facts, heading, muted, notice, paragraph, quote } from './content';
import { footer, orgOf, senderOf, type Template } from './common';
import { singleLine } from '../../text/format';

/** A shared My Access link, mailed by a person to a partner who may not be in the directory yet. */
export const accessPackageLink: Template<'accessPackageLink'> = ({ data }, { t }) => {
  const sender = senderOf(data.sender);
  const org = orgOf(data.organization);
  const accessPackage = singleLine(data.accessPackage.displayName);
  return {
    subject: t.accessPackageLink.subject({ sender: sender.name, accessPackage, organization: org.organization }),
    body: [
      notice(t.accessPackageLink.notice(sender)),
      heading(t.accessPackageLink.heading(accessPackage)),
      paragraph(t.accessPackageLink.intro({ ...sender, accessPackage, ...org })),
      ...facts(
        data.accessPackage.description ? { label: t.common.descriptionLabel, value: data.accessPackage.description } : null,
      ),
      ...quote(t.common.messageFrom(sender.name), data.customMessage),
      actions({ label: t.accessPackageLink.request, url: data.linkUrl }),
      muted(t.accessPackageLink.approvalMayBeNeeded),
    ],
    footer: footer(data.organization, t, { blockFutureInvitationsUrl: data.blockFutureInvitationsUrl }),
    unsubscribeUrl: data.blockFutureInvitationsUrl,
  };
};
