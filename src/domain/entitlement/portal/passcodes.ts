import { createHash, timingSafeEqual } from 'node:crypto';
import { Failure } from '../../errors';
import { hashSecret } from '../../secrets';
import type { BucketLimit } from '../../token-bucket';
import { nameBasedId } from '../ids';
import { openSession } from './sessions';
import type { PortalSignInDeps, StoredPasscode } from './ports';

/**
 * One-time passcodes of the My Access portal: 8 digits from a CSPRNG, stored only as a salted
 * hash, valid 30 minutes, dead after 5 wrong guesses; sending is rate-limited per address and per
 * client. Every address gets the same answer (a code is mailed whether or not the directory knows
 * it), so the form cannot be used to find out who exists.
 */
export const PASSCODE_DIGITS = 8;
export const PASSCODE_VALIDITY_MINUTES = 30;
export const PASSCODE_MAX_WRONG_ATTEMPTS = 5;

/** Three codes at once (a lost mail, a typo), then one every five minutes. */
export const CODES_PER_ADDRESS: readonly BucketLimit[] = [{ name: 'portalCodesPerAddress', capacity: 3, refillPerSecond: 1 / 300 }];
/** One client asking codes for many addresses (mail bombing, enumeration). */
export const CODES_PER_CLIENT: readonly BucketLimit[] = [{ name: 'portalCodesPerClient', capacity: 10, refillPerSecond: 10 / 3_600 }];
/** Guesses from one client across addresses (each code also dies after 5). */
export const VERIFICATIONS_PER_CLIENT: readonly BucketLimit[] = [{ name: 'portalVerificationsPerClient', capacity: 30, refillPerSecond: 30 / 3_600 }];

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const MODULUS = 10 ** PASSCODE_DIGITS;
// The largest multiple of MODULUS below 2^32: values above it would make low codes likelier.
const UNBIASED_LIMIT = Math.floor(0x1_0000_0000 / MODULUS) * MODULUS;

/** A uniformly random code of `PASSCODE_DIGITS` digits (rejection sampling over 32-bit values). */
export function newPasscode(randomBytes: (size: number) => Uint8Array): string {
  for (;;) {
    const bytes = randomBytes(4);
    if (bytes.length !== 4) throw new TypeError('randomBytes returned the wrong size');
    const value = Buffer.from(bytes).readUInt32BE(0);
    if (value < UNBIASED_LIMIT) return String(value % MODULUS).padStart(PASSCODE_DIGITS, '0');
  }
}

const codeHash = (salt: string, code: string): string => createHash('sha256').update(`${salt}:${code}`, 'utf8').digest('hex');

function codeMatches(stored: StoredPasscode, presented: string): boolean {
  const a = Buffer.from(codeHash(stored.salt, presented), 'hex');
  const b = Buffer.from(stored.codeHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const throttled = (retryAfterMs: number): Failure =>
  new Failure('throttled', 'Too many attempts; try again later.', { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });

/**
 * Mails a fresh code to `email` (replacing any earlier one). `clientKey` identifies the client
 * (its address); throws `throttled` when the address or the client asked too often.
 */
export async function sendPasscode(deps: PortalSignInDeps, input: { email: string; clientKey: string; language: string }): Promise<void> {
  const email = normalizeEmail(input.email);
  const now = deps.now();
  const byClient = await deps.limiter.take(`portalCode:client:${input.clientKey}`, CODES_PER_CLIENT, now);
  if (!byClient.ok) throw throttled(byClient.retryAfterMs);
  const byAddress = await deps.limiter.take(`portalCode:address:${hashSecret(email)}`, CODES_PER_ADDRESS, now);
  if (!byAddress.ok) throw throttled(byAddress.retryAfterMs);
  const code = newPasscode(deps.randomBytes);
  const salt = Buffer.from(deps.randomBytes(16)).toString('hex');
  await deps.passcodes.put({
    email,
    codeHash: codeHash(salt, code),
    salt,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + PASSCODE_VALIDITY_MINUTES * 60_000).toISOString(),
    attemptsLeft: PASSCODE_MAX_WRONG_ATTEMPTS,
  });
  await deps.mail.send({
    v: 1,
    // The salt is fresh per code, so each code is its own mail and a retry of this one sends once.
    outboxId: nameBasedId('portalPasscode', email, salt),
    kind: 'oneTimePasscode',
    to: [{ address: email }],
    language: input.language,
    data: { organization: await deps.organization(), code, validityMinutes: PASSCODE_VALIDITY_MINUTES },
  });
}

export type VerifyOutcome = { ok: true; token: string; expiresAt: Date } | { ok: false };

/**
 * Checks a code; a match is used up and opens a session. A wrong, expired, dead or absent code is
 * one answer. A wrong guess is counted with the row's ETag, so parallel guesses cannot share one
 * count; the fifth wrong guess kills the code.
 */
export async function verifyPasscode(deps: PortalSignInDeps, input: { email: string; code: string; clientKey: string }): Promise<VerifyOutcome> {
  const email = normalizeEmail(input.email);
  const code = input.code.replace(/\s+/g, '');
  const taken = await deps.limiter.take(`portalVerify:client:${input.clientKey}`, VERIFICATIONS_PER_CLIENT, deps.now());
  if (!taken.ok) throw throttled(taken.retryAfterMs);
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await deps.passcodes.read(email);
    if (!stored || stored.value.attemptsLeft <= 0 || new Date(stored.value.expiresAt) <= deps.now()) return { ok: false };
    const matches = /^[0-9]{1,20}$/.test(code) && codeMatches(stored.value, code);
    try {
      if (matches) {
        await deps.passcodes.remove(email, stored.etag);
        return { ok: true, ...(await openSession(deps, email)) };
      }
      await deps.passcodes.replace({ ...stored.value, attemptsLeft: stored.value.attemptsLeft - 1 }, stored.etag);
      return { ok: false };
    } catch (error) {
      // Someone else used or counted against the code meanwhile: read it again.
      if (error instanceof Failure && (error.code === 'preconditionFailed' || error.code === 'notFound')) continue;
      throw error;
    }
  }
  return { ok: false };
}
