import type { EmailData } from '../../mail/message';
import type { RateLimiter } from '../../token-bucket';
import type { Versioned } from '../ports';
import type { EntitlementMail } from '../requests/ports';

/**
 * Ports of the My Access portal's sign-in: one-time passcodes mailed to an address, and the
 * sessions a correct code opens. Adapters: `src/storage/portal-passcodes.ts`,
 * `src/storage/portal-sessions.ts`.
 */

/** The live passcode of one address (a new code replaces the previous one). */
export interface StoredPasscode {
  /** Lower-cased address. */
  email: string;
  /** SHA-256 of `salt:code`; the code itself is never stored. */
  codeHash: string;
  salt: string;
  issuedAt: string;
  expiresAt: string;
  /** Wrong guesses still allowed; 0 = the code is dead. */
  attemptsLeft: number;
}

/** Port: passcodes by address. `replace`/`remove` fail with `preconditionFailed` on a stale ETag. */
export interface PasscodeStore {
  read(email: string): Promise<Versioned<StoredPasscode> | undefined>;
  /** Writes the address's passcode, replacing any previous one. */
  put(passcode: StoredPasscode): Promise<void>;
  replace(passcode: StoredPasscode, etag: string): Promise<void>;
  remove(email: string, etag: string): Promise<void>;
  /** Deletes up to `limit` passcodes that expired before `before`; returns how many. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}

/** A signed-in portal visitor: whoever proved they read mail sent to `email`. */
export interface PortalSession {
  /** SHA-256 of the session token (the cookie holds the token). */
  tokenHash: string;
  email: string;
  createdAt: string;
  expiresAt: string;
  /**
   * How the address was proved, when not by a mailed code: the federated identity provider's
   * issuer and the id it gives the person (`sub`). Sign-ins on this session name that issuer (`idp`).
   */
  federated?: { issuer: string; subject: string } | undefined;
}

/** Port: sessions by token hash. */
export interface SessionStore {
  insert(session: PortalSession): Promise<void>;
  read(tokenHash: string): Promise<PortalSession | undefined>;
  remove(tokenHash: string): Promise<void>;
  /** Deletes up to `limit` sessions that expired before `before`; returns how many. */
  deleteExpired(before: Date, limit: number): Promise<number>;
}

export type PasscodeOrganization = EmailData<'oneTimePasscode'>['organization'];

export interface PortalSignInDeps {
  passcodes: PasscodeStore;
  sessions: SessionStore;
  limiter: RateLimiter;
  mail: EntitlementMail;
  /** The organization as the passcode mail names it. */
  organization(): Promise<PasscodeOrganization>;
  now(): Date;
  /** A cryptographically secure random source. */
  randomBytes(size: number): Uint8Array;
}
