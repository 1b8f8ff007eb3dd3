import { actions, facts, heading, muted, notice, paragraph, quote, type Block } from './content';
import { footer, orgOf, senderOf, type Template } from './common';
import { singleLine } from '../../text/format';

/** To an approver: who asks for which package and why, with Approve and Deny links to the approval page. */
export const approvalRequest: Template<'approvalRequest'> = ({ data }, { t, date }) => {
  const requestor = senderOf(data.requestor);
  const { organization } = orgOf(data.organization);
  const accessPackage = singleLine(data.accessPackage.displayName);
  const answers: Block[] = data.answers.flatMap((a) => quote(a.question, a.answer));
  return {
    subject: t.approvalRequest.subject({ requestor: requestor.name, accessPackage, organization }),
    body: [
      heading(t.approvalRequest.heading({ requestor: requestor.name, accessPackage })),
      paragraph(t.approvalRequest.intro({ requestor: requestor.name, email: requestor.email, accessPackage, organization })),
      ...facts(
        { label: t.common.accessPackageLabel, value: accessPackage },
        data.accessPackage.description ? { label: t.common.descriptionLabel, value: data.accessPackage.description } : null,
        { label: t.approvalRequest.requestedByLabel, value: `${requestor.name} (${requestor.email})` },
        data.decideByDateTime !== null ? { label: t.approvalRequest.decideByLabel, value: date(data.decideByDateTime) } : null,
      ),
      ...quote(t.approvalRequest.justificationLabel, data.justification),
      ...answers,
      notice(t.approvalRequest.notice(requestor.name)),
      actions(
        { label: t.approvalRequest.approve, url: data.approveUrl },
        { label: t.approvalRequest.deny, url: data.denyUrl, tone: 'secondary' },
      ),
      muted(t.approvalRequest.howToDecide),
    ],
    footer: footer(data.organization, t, { warnIfUnexpected: true }),
  };
};

/** "You now have access": to the requester once the package is delivered, with the way in. */
export const requestApproved: Template<'requestApproved'> = ({ data }, { t, date }) => {
  const { organization } = orgOf(data.organization);
  const accessPackage = singleLine(data.accessPackage.displayName);
  return {
    subject: t.requestApproved.subject({ accessPackage, organization }),
    body: [
      heading(t.requestApproved.heading),
      paragraph(t.requestApproved.intro({ accessPackage, organization })),
      ...facts(
        data.accessPackage.description ? { label: t.common.descriptionLabel, value: data.accessPackage.description } : null,
        data.expiresDateTime !== null ? { label: t.requestApproved.accessUntilLabel, value: date(data.expiresDateTime) } : null,
      ),
      ...quote(t.requestApproved.commentLabel, data.approverComment),
      actions({ label: t.requestApproved.open, url: data.accessUrl }),
      muted(t.requestApproved.firstTime(organization)),
    ],
    footer: footer(data.organization, t, { warnIfUnexpected: true }),
  };
};

/** The denial, with the approver's reason as they wrote it. */
export const requestDenied: Template<'requestDenied'> = ({ data }, { t }) => {
  const { organization } = orgOf(data.organization);
  const accessPackage = singleLine(data.accessPackage.displayName);
  const reason = quote(t.requestDenied.reasonLabel, data.reason);
  return {
    subject: t.requestDenied.subject({ accessPackage, organization }),
    body: [
      heading(t.requestDenied.heading),
      paragraph(t.requestDenied.intro({ accessPackage, organization })),
      ...(reason.length > 0 ? reason : [paragraph(t.requestDenied.noReason)]),
      ...(data.requestsUrl !== null ? [actions({ label: t.requestDenied.viewRequests, url: data.requestsUrl })] : []),
    ],
    footer: footer(data.organization, t, { warnIfUnexpected: true }),
  };
};
