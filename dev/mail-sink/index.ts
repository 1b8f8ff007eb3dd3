/**
 * The local mail sink: speaks the Azure Communication Services Email REST protocol
 * (`POST /emails:send`, `GET /emails/operations/<id>`, HMAC-SHA256 access-key auth) so the app's
 * real `EmailClient` can send to it, and keeps what it receives for tests (`/dev/mailbox`) and
 * people (`/dev/mail`). Faults can be injected to exercise the sender's retries.
 */
export { createMailSink, type MailSink } from './sink';
export { startMailSinkServer, type MailSinkServerOptions, type RunningMailSink } from './server';
export { createAccessKey, buildConnectionString } from './credentials';
export { parseMailFaultsFlag, faultSettingsSchema } from './faults';
export { MAX_RECIPIENTS } from './email-request';
export { MAX_REQUEST_BYTES } from './http-util';
export type { FaultMode, FaultSettings, MailSinkOptions, MailSinkStats, StoredAttachment, StoredMessage } from './types';
export { ACS_DEFAULT_QUOTA, parseMailQuotaFlag, type MailQuotaSettings } from './quota';
