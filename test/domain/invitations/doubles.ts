import { finishInvitation } from '../../../src/domain/invitations/finish-invitation';
import { createHash, createHmac } from 'node:crypto';
import type { AuditEntry } from '../../../src/domain/audit';
import { Failure, notFound } from '../../../src/domain/errors';
import type { InviteGuestInput } from '../../../src/domain/invitations/invite-guest';
import type {
  Assignment,
  Caller,
  GuestAccount,
  InvitationDeps,
  InvitationMail,
  OrganizationView,
  ReminderEntry,
  StoredInvitation,
  Ticket,
} from '../../../src/domain/invitations/ports';
import type { AllowInvitesFrom } from '../../../src/domain/policies/authorization-policy';
import type { DirectoryRoleName } from '../../../src/domain/principal';

/** In-memory doubles of the invitation ports, with the same contracts as the adapters (ETags, conflicts). */
export function memoryInvitationDeps(options: { now?: Date } = {}) {
  let clock = options.now ?? new Date('2026-03-01T10:00:00Z');
  let seq = 0;
  const users = new Map<string, GuestAccount>();
  const invitations = new Map<string, StoredInvitation>();
  const tickets = new Map<string, Ticket>();
  const reminders = new Map<string, ReminderEntry>();
  const optedOut = new Set<string>();
  const mails: InvitationMail[] = [];
  const audits: AuditEntry[] = [];
  /** Follow-ups stored on outbox rows, not yet finished by the (simulated) mail sender. */
  const followUps: string[] = [];
  const applied: { principalId: string; assignments: readonly Assignment[] }[] = [];
  const knownGroups = new Set<string>();
  const settings = {
    allowInvitesFrom: 'everyone' as AllowInvitesFrom,
    domainPolicy: { allowedDomains: [] as string[], blockedDomains: [] as string[] },
    organization: {
      displayName: 'Fabrikam',
      initialDomain: 'fabrikam.onmicrosoft.com',
      defaultDomain: 'fabrikam.onmicrosoft.com',
      verifiedDomains: ['fabrikam.onmicrosoft.com', 'fabrikam.example'],
      privacyStatementUrl: 'https://fabrikam.example/privacy',
      privacyContactEmail: null,
      preferredLanguage: 'en-US',
      invitationValidity: null,
      reminderSchedule: [3, 7, 14],
    } as OrganizationView,
  };
  let randomCounter = 0;

  const deps: InvitationDeps = {
    guests: {
      async findByEmail(email) {
        const wanted = email.toLowerCase();
        return [...users.values()].find((u) => [u.userPrincipalName, u.mail, ...u.otherMails].some((a) => a?.toLowerCase() === wanted));
      },
      async get(id) {
        return users.get(id);
      },
      async createGuest(guest) {
        if (guest.profile.usageLocation === 'XX') throw new Failure('validationFailed', 'bad usageLocation', { details: [{ target: 'usageLocation', message: 'bad' }] });
        const account: GuestAccount = {
          id: guest.id,
          userType: guest.userType,
          userPrincipalName: guest.userPrincipalName,
          displayName: guest.displayName,
          mail: guest.email,
          otherMails: guest.profile.otherMails ?? [],
          accountEnabled: true,
          creationType: 'Invitation',
          externalUserState: 'PendingAcceptance',
          preferredLanguage: guest.profile.preferredLanguage ?? null,
        };
        users.set(account.id, account);
        return account;
      },
      async setExternalUserState(id, state) {
        const user = users.get(id);
        if (!user) throw notFound('user', id);
        users.set(id, { ...user, externalUserState: state });
      },
    },
    policies: {
      allowInvitesFrom: async () => settings.allowInvitesFrom,
      domainPolicy: async () => settings.domainPolicy,
      organization: async () => settings.organization,
    },
    assignments: {
      async validate(list) {
        for (const a of list) if (a.type === 'group' && !knownGroups.has(a.id)) throw notFound('group', a.id);
      },
      async apply(principalId, list) {
        applied.push({ principalId, assignments: list });
      },
    },
    invitations: {
      async get(guestId) {
        return invitations.get(guestId);
      },
      async save(invitation, etag, mail, followUp) {
        const current = invitations.get(invitation.guestId);
        if (etag === undefined && current) throw new Failure('conflict', 'exists');
        if (etag !== undefined && current?.etag !== etag) throw new Failure('preconditionFailed', 'stale');
        const next = `etag-${++seq}`;
        invitations.set(invitation.guestId, { invitation: structuredClone(invitation), etag: next });
        if (mail) mails.push(mail);
        if (followUp) followUps.push(followUp);
      },
      async deliveryStatus(_guestId, outboxId) {
        return mails.some((m) => m.outboxId === outboxId) ? { outboxId, status: 'pending', attempts: 0, lastError: null, sentDateTime: null } : undefined;
      },
    },
    tickets: {
      async issue(ticket) {
        if (tickets.has(ticket.hash)) throw new Failure('conflict', 'duplicate ticket');
        tickets.set(ticket.hash, ticket);
      },
      async find(hash) {
        return tickets.get(hash);
      },
    },
    reminders: {
      async schedule(entry) {
        reminders.set(`${entry.guestId}|${entry.index}|${entry.invitedAt.toISOString()}`, entry);
      },
      async listDue(now, limit) {
        return [...reminders.values()].filter((e) => e.dueAt.getTime() <= now.getTime()).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).slice(0, limit);
      },
      async remove(entry) {
        reminders.delete(`${entry.guestId}|${entry.index}|${entry.invitedAt.toISOString()}`);
      },
    },
    optOuts: {
      isOptedOut: async (address) => optedOut.has(address),
      block: async (address) => void optedOut.add(address),
      allow: async (address) => void optedOut.delete(address),
    },
    deriveBytes: async (label) => createHmac('sha256', 'test-operations-key').update(label).digest(),
    audit: {
      // As the table does: an entry id is written once.
      append: async (entry) => {
        if (audits.some((a) => a.id === entry.id)) throw new Failure('conflict', 'An audit entry with this id already exists.');
        audits.push(entry);
      },
    },
    publicBaseUrl: 'https://gatehouse.example',
    now: () => clock,
    newId: () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    // Distinct deterministic bytes per call: every secret differs, runs repeat exactly.
    randomBytes: (size) => createHash('sha256').update(`random-${++randomCounter}`).digest().subarray(0, size),
  };

  return {
    deps,
    users,
    invitations,
    tickets,
    reminders,
    optedOut,
    mails,
    audits,
    followUps,
    /** What the mail sender does before sending each recorded mail: writes the audit and reminder entries its outbox row carries. */
    async finishFollowUps() {
      for (const followUp of followUps.splice(0)) await finishInvitation(deps, followUp);
    },
    applied,
    knownGroups,
    settings,
    advance(ms: number) {
      clock = new Date(clock.getTime() + ms);
    },
    /** Everything a refused request must leave alone. */
    snapshot: () => JSON.stringify({ users: [...users], invitations: [...invitations], tickets: [...tickets], mails, applied }),
  };
}

/** A caller; users default to a Member without roles. */
export function buildCaller(overrides: Partial<Omit<Caller, 'roles' | 'permissions'>> & { roles?: DirectoryRoleName[]; permissions?: string[] } = {}): Caller {
  const kind = overrides.kind ?? 'user';
  const id = overrides.id ?? 'a1a1a1a1-0000-4000-8000-000000000001';
  return {
    initiator: kind === 'user' ? { kind: 'user', id } : { kind: 'app', appId: id },
    kind,
    id,
    roles: new Set(overrides.roles ?? []),
    permissions: new Set((overrides.permissions ?? []) as never[]),
    userType: overrides.userType ?? (kind === 'user' ? 'Member' : undefined),
    displayName: overrides.displayName ?? 'Ines Inviter',
    email: overrides.email ?? 'ines@fabrikam.example',
  };
}

/** An invitation request; override what the test cares about. */
export function buildInvite(overrides: Partial<InviteGuestInput> = {}): InviteGuestInput {
  return {
    caller: buildCaller(),
    invitedUserEmailAddress: 'anna@partner.example',
    inviteRedirectUrl: 'https://apps.example/start',
    invitedUserDisplayName: 'Anna',
    invitedUserType: 'Guest',
    sendInvitationMessage: true,
    messageInfo: { ccRecipients: [], customizedMessageBody: null, messageLanguage: null },
    resetRedemption: false,
    invitedUserId: null,
    profile: {},
    assignments: [],
    correlationId: 'corr-1',
    ...overrides,
  };
}

/** The secret in a redeem URL. */
export const secretOf = (redeemUrl: string): string => decodeURIComponent(new URL(redeemUrl).searchParams.get('ticket') ?? '');
