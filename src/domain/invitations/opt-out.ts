import { timingSafeEqual } from 'node:crypto';
import { Failure } from '../errors';
import type { DeriveBytes } from './operation-ids';

/**
 * "Block future invitations", as Entra offers it in every invitation mail: the recipient opts out
 * of invitations from this organization, and every later invitation to the address is refused
 * until they allow them again. The link (and the one-click `List-Unsubscribe` URL) carries the
 * address with a MAC under the deployment key, so only someone who received a mail can block or
 * unblock that address, and issuing a link writes nothing.
 */

/** Port: the addresses that blocked invitations (lower-cased). */
export interface OptOutStore {
  isOptedOut(normalizedAddress: string): Promise<boolean>;
  /** Records the block; blocking twice keeps the first time. */
  block(normalizedAddress: string, at: Date): Promise<void>;
  /** Removes the block (nothing when there is none). */
  allow(normalizedAddress: string): Promise<void>;
}

const MAC_BYTES = 16;
const macOf = async (derive: DeriveBytes, normalized: string) => Buffer.from((await derive(`opt-out|${normalized}`)).subarray(0, MAC_BYTES));

/** The opaque token of an address's opt-out link. */
export async function optOutToken(derive: DeriveBytes, address: string): Promise<string> {
  const normalized = address.trim().toLowerCase();
  return `${Buffer.from(normalized, 'utf8').toString('base64url')}.${(await macOf(derive, normalized)).toString('base64url')}`;
}

/** The "Block future invitations" URL for an address (also the mail's `List-Unsubscribe`). */
export async function optOutUrl(deps: { publicBaseUrl: string; deriveBytes: DeriveBytes }, address: string): Promise<string> {
  return `${deps.publicBaseUrl}/api/unsubscribe?token=${encodeURIComponent(await optOutToken(deps.deriveBytes, address))}`;
}

/** A stand-in of the same shape, for checking or previewing a mail before any address is known. */
export const probeOptOutUrl = (publicBaseUrl: string): string => `${publicBaseUrl}/api/unsubscribe?token=preview.AAAAAAAAAAAAAAAAAAAAAA`;

/** The address a token names, or undefined for a token this deployment did not issue (compared in constant time). */
export async function addressOfOptOutToken(derive: DeriveBytes, token: string): Promise<string | undefined> {
  const match = /^([A-Za-z0-9_-]{1,600})\.([A-Za-z0-9_-]{10,40})$/.exec(token);
  if (!match) return undefined;
  const normalized = Buffer.from(match[1]!, 'base64url').toString('utf8');
  if (!/^[^@\s]+@[^@\s]+$/.test(normalized) || normalized !== normalized.toLowerCase()) return undefined;
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = await macOf(derive, normalized);
  return given.length === expected.length && timingSafeEqual(given, expected) ? normalized : undefined;
}

/**
 * The refusal of an invitation to an address that blocked invitations. Entra refuses these too
 * (the guest unsubscribed at invitations.microsoft.com) with a 400; its exact wording is not
 * documented, so the message says plainly what happened and what the guest can do.
 */
export function optedOutFailure(): Failure {
  return new Failure('invalidRequest', 'The invited user has blocked invitations from this organization. Only the recipient can allow invitations again, from the "Block future invitations" link of an earlier invitation mail.', {
    details: [{ target: 'invitedUserEmailAddress', message: 'has blocked invitations from this organization' }],
  });
}
