/** The mail pipeline: outbox, ACS mailer, shared quota windows, the lanes' queues. */
import type { MailParts } from '../email/sender-deps';
import { createAcsMailer } from '../email/acs-mailer';
import { renderEmail } from '../email/templates';
import { createTableOutbox } from '../storage/outbox-repository';
import { createTableMailPace } from '../storage/outbox-pace';
import { approximateQueueLength, createQueueMailQueue, enqueueOutbox, MAIL_QUEUES, queueOfLane, type MailQueueName } from '../storage/outbox-queue';
import { mailQuota } from '../domain/outbox/mail-pace';
import { azureCredential, settings, storage } from './core';
import { withCrashPoints } from './crash-points';
import { mailLogos } from './branding';
import { directoryAudit, organizationStore, userDeps } from './directory';
import { createUserModuleGuestAccounts } from '../storage/invitation-directory';
import { finishInvitation } from '../domain/invitations/finish-invitation';
import { createTableReminderIndex } from '../storage/invitation-reminders';
import type { OutboxPointer } from '../domain/outbox/pointer';

let invitationFollowUpDeps: Parameters<typeof finishInvitation>[0] | undefined;
/** The work an outbox row carries for the sender, by the table the row lives in. */
async function finishFollowUp(pointer: OutboxPointer, work: string): Promise<void> {
  if (pointer.table !== 'Invitations') throw new TypeError(`No follow-up is known for outbox rows of ${pointer.table}`);
  invitationFollowUpDeps ??= {
    audit: withCrashPoints('followUpAudit', directoryAudit()),
    reminders: withCrashPoints('followUpReminders', createTableReminderIndex(storage().table('InvitationReminders'))),
    guests: withCrashPoints('followUpGuests', createUserModuleGuestAccounts(userDeps)),
  };
  await finishInvitation(invitationFollowUpDeps, work);
}

let mailParts: MailParts | undefined;
let orgLanguage: { language: string; readAt: number } | undefined;
let logos: Awaited<ReturnType<typeof mailLogos>> = () => undefined;
/** The outbox, the ACS mailer, the shared pace and the mail queue, built once per worker. */
export function mailDeps(): MailParts {
  if (mailParts) return mailParts;
  const s = settings();
  const queues = (name: MailQueueName) => storage().queue(name);
  return (mailParts = {
    outbox: createTableOutbox((name) => storage().table(name)),
    mailer: withCrashPoints(
      'mailer',
      createAcsMailer({
        connectionString: s.EMAIL_CONNECTION_STRING,
        endpoint: s.EMAIL_ENDPOINT,
        credential: azureCredential,
        senderAddress: s.EMAIL_SENDER_ADDRESS,
      }),
    ),
    pace: createTableMailPace({ table: storage().table('RateLimits'), quota: mailQuota(s.EMAIL_RATE_PER_MINUTE, s.EMAIL_RATE_PER_HOUR) }),
    render: (message, language) => renderEmail(message, { organizationPreferredLanguage: language, brandFor: logos }),
    queue: createQueueMailQueue(queues, storage().queue('email-outbox-poison')),
    enqueue: (pointer) => enqueueOutbox(queues, pointer),
    async queueLength() {
      const lengths = await Promise.all(MAIL_QUEUES.map((name) => approximateQueueLength(queues(name))));
      return lengths.reduce((a, b) => a + b, 0);
    },
    laneQueueLength: (lane) => approximateQueueLength(queues(queueOfLane(lane))),
    ratePerMinute: s.EMAIL_RATE_PER_MINUTE,
    ratePerHour: s.EMAIL_RATE_PER_HOUR,
    async organizationLanguage() {
      // Read at most once a minute per worker: a language change need not reach the very next mail.
      if (!orgLanguage || Date.now() - orgLanguage.readAt > 60_000) {
        const language = (await organizationStore().read())?.value.preferredLanguage ?? s.ORGANIZATION_PREFERRED_LANGUAGE;
        orgLanguage = { language, readAt: Date.now() };
      }
      // Rendering is synchronous, and every delivery asks for the language just before it renders:
      // the branding's logos are read here, so a logo set a moment ago is in the next mail.
      logos = await mailLogos();
      return orgLanguage.language;
    },
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    followUp: finishFollowUp,
  });
}
