export { deliverMail, MAX_DELIVERIES, type DeliverMailDeps, type DeliveryResult } from './deliver-mail';
export { expectedDrainSeconds, MAIL_PACE_KEY, mailLimits, sustainedMailRate, type MailPace } from './mail-pace';
export { readMailQueueStatus, type MailQueueStatus, type MailQueueStatusDeps } from './mail-queue-status';
export type { Mailer, MailQueue, OutgoingMail, SendOutcome } from './mailer';
export { operationIdFor } from './operation-id';
export { deliveryStatusOf, type DeliveryStatus, type LoadedOutboxEntry, type Outbox, type OutboxChange, type OutboxEntry, type OutboxStatus } from './outbox';
export { outboxPointerSchema, parseOutboxPointer, type OutboxPointer } from './pointer';
export { STALE_AFTER_MS, sweepOutbox, type SweepOutboxDeps } from './sweep-outbox';
