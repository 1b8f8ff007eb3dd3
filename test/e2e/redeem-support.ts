import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { TestRuntime } from '../support/runtime';
import { passcodeFor, portalVisitor } from './my-access-support';

/** A client address of its own per visitor, so the per-client code limits of one test do not touch another. */
export const newClientAddress = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;

const ticketIn = (html: string) => /name="ticket" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * Opens a redeem link as the invited person does: the address check, "Send code", the code from
 * the mailbox, "Verify", and back to the link, which now shows the consent page. `codesBefore`
 * counts code mails the address already got. Returns the visitor (signed in) and the consent page.
 */
export async function redeemAs(rt: TestRuntime, url: string, address: string, options: { codesBefore?: number; visitor?: ReturnType<typeof portalVisitor> } = {}) {
  const visitor = options.visitor ?? portalVisitor(rt, newClientAddress());
  const check = await visitor.get(url);
  expect(check.status, check.html).toBe(200);
  expect(check.html).toContain('action="/api/redeem/code"');
  const ticket = ticketIn(check.html);
  const sent = await visitor.post('/api/redeem/code', { ticket });
  expect(sent.status, sent.html).toBe(200);
  const verified = await visitor.post('/api/redeem/verify', { ticket, code: await passcodeFor(rt, address, (options.codesBefore ?? 0) + 1) });
  expect(verified.status, verified.html).toBe(303);
  expect(verified.location).toBe(`/api/redeem?ticket=${encodeURIComponent(ticket)}`);
  const consent = await visitor.get(url);
  return { visitor, consent, ticket };
}

/** Accept or Decline on the consent page the visitor last opened. */
export const decideAs = (visitor: ReturnType<typeof portalVisitor>, decision: 'accept' | 'decline') =>
  visitor.post('/api/redeem', { ticket: ticketIn(visitor.html()), decision });
