import { expect } from 'vitest';
import { parseEmailMessage, type EmailKind, type EmailMessage, type EmailMessageInput } from '../../../src/domain/mail/message';

type InputOf<K extends EmailKind> = Extract<EmailMessageInput, { kind: K }>;
type DataOf<K extends EmailKind> = InputOf<K>['data'];

export const organization = {
  displayName: 'Contoso Ltd',
  domain: 'contoso.com',
  privacyStatementUrl: 'https://contoso.com/privacy',
  privacyContactEmail: 'privacy@contoso.com',
};

const accessPackage = { displayName: 'Sales Portal', description: 'Read access to the sales portal' };

/** Realistic data for every kind; URLs carry `&` so attribute escaping is exercised. */
export const sampleData: { [K in EmailKind]: DataOf<K> } = {
  invitation: {
    organization,
    inviter: { displayName: 'Anna de Vries', email: 'anna@fabrikam.com' },
    redeemUrl: 'https://gatehouse.example/api/redeem?tenant=t1&ticket=abc123',
    redirectUrl: 'https://apps.contoso.com/start?from=invite&x=1',
    customMessage: null,
    blockFutureInvitationsUrl: 'https://gatehouse.example/api/block?t=xyz&o=contoso',
  },
  invitationReminder: {
    organization,
    inviter: { displayName: 'Anna de Vries', email: 'anna@fabrikam.com' },
    redeemUrl: 'https://gatehouse.example/api/redeem?tenant=t1&ticket=def456',
    redirectUrl: 'https://apps.contoso.com/start?from=invite&x=1',
    customMessage: null,
    blockFutureInvitationsUrl: 'https://gatehouse.example/api/block?t=xyz&o=contoso',
    invitedDateTime: '2030-07-01T08:00:00Z',
  },
  oneTimePasscode: { organization, code: '482913', validityMinutes: 30 },
  approvalRequest: {
    organization,
    requestor: { displayName: 'Piet Jansen', email: 'piet@partner.nl' },
    accessPackage,
    justification: 'Needed for the Q3 project',
    answers: [{ question: 'Project code?', answer: 'P-42' }],
    approveUrl: 'https://gatehouse.example/approvals/r1?decision=approve&s=1',
    denyUrl: 'https://gatehouse.example/approvals/r1?decision=deny&s=1',
    decideByDateTime: '2030-07-20T12:00:00Z',
  },
  requestApproved: {
    organization,
    accessPackage,
    accessUrl: 'https://gatehouse.example/api/redeem?tenant=t1&ticket=ghi789',
    approverComment: 'Welcome aboard',
    expiresDateTime: '2030-12-31T23:00:00Z',
  },
  requestDenied: {
    organization,
    accessPackage,
    reason: 'Project has ended',
    requestsUrl: 'https://gatehouse.example/myaccess/requests?x=1&y=2',
  },
  accessExpiring: {
    organization,
    accessPackage,
    daysLeft: 14,
    expiresDateTime: '2030-07-14T09:30:00Z',
    extendUrl: 'https://gatehouse.example/myaccess/extend?a=1&b=2',
  },
  accessEnded: {
    organization,
    accessPackage,
    endedDateTime: '2030-07-14T09:30:00Z',
    requestAgainUrl: 'https://gatehouse.example/myaccess/@contoso.com#/access-packages/p1',
  },
  accessPackageLink: {
    organization,
    sender: { displayName: 'Anna de Vries', email: 'anna@fabrikam.com' },
    accessPackage,
    linkUrl: 'https://gatehouse.example/myaccess/@contoso.com#/access-packages/p1',
    customMessage: null,
    blockFutureInvitationsUrl: 'https://gatehouse.example/api/block?t=link&o=contoso',
  },
};

export interface BuildOptions<K extends EmailKind> {
  data?: Partial<DataOf<K>>;
  language?: string;
  recipientLanguage?: string;
}

/** The raw (unparsed) message of a kind, as a producer would write it. */
export function buildMessageInput<K extends EmailKind>(kind: K, options: BuildOptions<K> = {}): InputOf<K> {
  return {
    v: 1,
    outboxId: `outbox-${kind}`,
    kind,
    to: [{ address: 'guest@partner.nl', displayName: 'Guest' }],
    cc: [],
    ...(options.language !== undefined ? { language: options.language } : {}),
    ...(options.recipientLanguage !== undefined ? { recipientLanguage: options.recipientLanguage } : {}),
    data: { ...sampleData[kind], ...options.data },
  } as InputOf<K>;
}

/** A message that went through the real boundary parser. */
export function buildMessage<K extends EmailKind>(kind: K, options: BuildOptions<K> = {}): EmailMessage {
  const parsed = parseEmailMessage(buildMessageInput(kind, options));
  if (!parsed.ok) expect.fail(parsed.error.message);
  return parsed.value;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** What a reader sees of the HTML: tags removed, line breaks kept, the five entities decoded. */
export function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return body
    .replace(/<br>\n?/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** The href values of every link in the HTML, decoded. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
}
