import { app } from '@azure/functions';
import { invitationModule } from '../deps';
import { sendInvitationReminders } from '../domain/invitations/send-invitation-reminders';

/**
 * Daily at 08:00 UTC (NCRONTAB): mails the pending guests whose next reminder is due (the
 * organization's `invitationReminderSchedule`, default 3, 7 and 14 days; empty = off). Run it on
 * demand through the host's admin API: `POST /admin/functions/sendInvitationReminders` with
 * `{"input": ""}`. Safe to run twice: each reminder is recorded with the invitation's ETag.
 */
app.timer('sendInvitationReminders', {
  schedule: '0 0 8 * * *',
  async handler(_timer, context) {
    const run = await sendInvitationReminders(invitationModule().deps);
    context.log('sendInvitationReminders done', run);
  },
});
