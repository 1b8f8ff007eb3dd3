import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { expect } from 'vitest';
import { startRuntime, type TestRuntime } from '../support/runtime';

/** HTTP helpers for the invitation end-to-end tests: the API, the redeem pages and the mailbox. */
export function invitationApi(rt: TestRuntime) {
  async function call(method: string, path: string, token: string | undefined, body?: unknown) {
    const res = await fetch(`${rt.url}/api/v1.0/${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
  }

  /** GET of a redeem link, not following redirects. */
  async function openLink(url: string) {
    const res = await fetch(url, { redirect: 'manual' });
    const html = await res.text();
    const setCookie = res.headers.getSetCookie();
    const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
    return { status: res.status, location: res.headers.get('location'), html, setCookie, cookie, csrf: field('csrf'), ticket: field('ticket') };
  }

  /** POST of the consent form. */
  async function decide(form: { ticket: string; csrf: string; decision: string }, cookie: string) {
    const res = await fetch(`${rt.url}/api/redeem`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  }

  /** Mails for `address`, waiting up to `timeoutMs` for at least `count`. */
  async function mailsTo(address: string, count = 1, timeoutMs = 15_000): Promise<Array<Record<string, any>>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(`${rt.url}/dev/mailbox?to=${encodeURIComponent(address)}`);
      const mails = (await res.json()) as Array<Record<string, any>>;
      if (mails.length >= count || Date.now() > deadline) return mails;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function grantRoles(userId: string, ...roleTemplateIds: string[]) {
    const table = TableClient.fromConnectionString(rt.storage, 'RoleAssignments', { allowInsecureConnection: true });
    for (const roleId of roleTemplateIds) await table.upsertEntity({ partitionKey: userId, rowKey: roleId, id: randomUUID(), directoryScopeId: '/' });
  }

  /** Counts the rows of the tables an invitation writes to. */
  async function rowCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const name of ['Users', 'UserAddresses', 'Invitations', 'InvitationTickets', 'GroupMemberships', 'RoleAssignments']) {
      const table = TableClient.fromConnectionString(rt.storage, name, { allowInsecureConnection: true });
      let n = 0;
      for await (const _ of table.listEntities({ queryOptions: { select: ['RowKey'] } })) n++;
      out[name] = n;
    }
    return out;
  }

  return { call, openLink, decide, mailsTo, grantRoles, rowCounts };
}

export const uniqueAddress = (domain = 'partner.example') => `guest.${randomUUID().slice(0, 8)}@${domain}`;

/** A POST /invitations body; override what the test cares about. */
export function invitationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { invitedUserEmailAddress: uniqueAddress(), inviteRedirectUrl: 'https://apps.example/welcome', ...overrides };
}

/** Asserts a Graph error JSON with the status. */
export function expectGraphError(res: { status: number; body: Record<string, any> }, status: number): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(typeof res.body?.['error']?.['code']).toBe('string');
  expect(typeof res.body?.['error']?.['message']).toBe('string');
}

/**
 * A runtime whose mails drain at once (pacing is the mail module's concern), with its invitation
 * API and two tokens: one that may invite, one that may read and change users.
 */
export async function startInvitationRuntime(): Promise<{ rt: TestRuntime; api: ReturnType<typeof invitationApi>; inviter: string; reader: string }> {
  const rt = await startRuntime({ env: { EMAIL_RATE_PER_MINUTE: '1000000', EMAIL_RATE_PER_HOUR: '100000000' } });
  return { rt, api: invitationApi(rt), inviter: await rt.token({ roles: ['User.Invite.All'] }), reader: await rt.token({ roles: ['User.ReadWrite.All'] }) };
}
