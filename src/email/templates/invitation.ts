import type { EmailData } from '../../domain/mail/message';
import { actions, heading, link, muted, notice, paragraph, quote, type Block, type MailContent } from './content';
import { footer, orgOf, senderOf, type Template, type TemplateContext } from './common';

/** What the invitation and its reminders share after their opening lines. */
function invitationBody(data: EmailData<'invitation'>, { t, date }: TemplateContext): Block[] {
  const inviter = senderOf(data.inviter);
  return [
    ...quote(t.common.messageFrom(inviter.name), data.customMessage),
    actions({ label: t.invitation.accept, url: data.redeemUrl }),
    muted(t.invitation.redirectIntro, '\n', link(data.redirectUrl, data.redirectUrl)),
    ...(data.expiresDateTime !== null ? [muted(t.invitation.expires(date(data.expiresDateTime)))] : []),
  ];
}

function invitationMail(data: EmailData<'invitation'>, ctx: TemplateContext, opening: Block[], subject: string): MailContent {
  return {
    subject,
    body: [notice(ctx.t.invitation.notice(senderOf(data.inviter))), ...opening, ...invitationBody(data, ctx)],
    footer: footer(data.organization, ctx.t, { blockFutureInvitationsUrl: data.blockFutureInvitationsUrl }),
    unsubscribeUrl: data.blockFutureInvitationsUrl,
  };
}

/** The B2B invitation: Entra's subject, phishing warning, custom message, Accept, redirect, privacy, block. */
export const invitation: Template<'invitation'> = ({ data }, ctx) => {
  const { t } = ctx;
  const inviter = senderOf(data.inviter);
  const org = orgOf(data.organization);
  return invitationMail(
    data,
    ctx,
    [
      heading(t.invitation.heading({ inviter: inviter.name, organization: org.organization })),
      paragraph(t.invitation.intro({ ...inviter, ...org })),
    ],
    t.invitation.subject({ inviter: inviter.name, organization: org.organization }),
  );
};

/** A reminder for an invitation still pending: the invitation again, saying when it was sent. */
export const invitationReminder: Template<'invitationReminder'> = ({ data }, ctx) => {
  const { t, date } = ctx;
  const inviter = senderOf(data.inviter);
  const org = orgOf(data.organization);
  return invitationMail(
    data,
    ctx,
    [
      heading(t.invitationReminder.heading(org.organization)),
      paragraph(t.invitationReminder.intro({ ...inviter, ...org, invitedOn: date(data.invitedDateTime) })),
    ],
    t.invitationReminder.subject({ inviter: inviter.name, organization: org.organization }),
  );
};
