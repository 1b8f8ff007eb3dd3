import { actions, heading, paragraph } from './content';
import { footer, orgOf, type Template } from './common';
import { singleLine } from '../../text/format';

/** Sent 14 days and 1 day before an assignment expires, with the extension link when the policy allows it. */
export const accessExpiring: Template<'accessExpiring'> = ({ data }, { t, date }) => {
  const { organization } = orgOf(data.organization);
  const accessPackage = singleLine(data.accessPackage.displayName);
  const extension =
    data.extendUrl !== null
      ? [paragraph(t.accessExpiring.extendPrompt), actions({ label: t.accessExpiring.extend, url: data.extendUrl })]
      : [paragraph(t.accessExpiring.cannotExtend(organization))];
  return {
    subject: t.accessExpiring.subject({ accessPackage, organization, daysLeft: data.daysLeft }),
    body: [
      heading(t.accessExpiring.heading),
      paragraph(t.accessExpiring.intro({ accessPackage, organization, date: date(data.expiresDateTime) })),
      ...extension,
    ],
    footer: footer(data.organization, t, { warnIfUnexpected: true }),
  };
};

/** Sent when an assignment has ended and its resource roles were removed. */
export const accessEnded: Template<'accessEnded'> = ({ data }, { t, date }) => {
  const { organization } = orgOf(data.organization);
  const accessPackage = singleLine(data.accessPackage.displayName);
  return {
    subject: t.accessEnded.subject({ accessPackage, organization }),
    body: [
      heading(t.accessEnded.heading),
      paragraph(t.accessEnded.intro({ accessPackage, organization, date: date(data.endedDateTime) })),
      ...(data.requestAgainUrl !== null ? [actions({ label: t.accessEnded.requestAgain, url: data.requestAgainUrl })] : []),
    ],
    footer: footer(data.organization, t, { warnIfUnexpected: true }),
  };
};
