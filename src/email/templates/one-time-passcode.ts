import { heading, notice, paragraph } from './content';
import { footer, orgOf, type Template } from './common';

/**
 * The one-time passcode for the My Access portal and the approval page. No block link and no
 * `List-Unsubscribe`: the recipient asked for this mail, and blocking it would lock them out.
 */
export const oneTimePasscode: Template<'oneTimePasscode'> = ({ data }, { t }) => {
  const { organization } = orgOf(data.organization);
  return {
    subject: t.oneTimePasscode.subject(organization),
    body: [
      heading(t.oneTimePasscode.heading),
      paragraph(t.oneTimePasscode.intro(organization)),
      { type: 'code', label: t.oneTimePasscode.codeLabel, code: data.code },
      paragraph(t.oneTimePasscode.validity(data.validityMinutes)),
      notice(t.oneTimePasscode.notice(organization)),
    ],
    footer: footer(data.organization, t),
  };
};
