import { randomBytes } from 'node:crypto';
import { Failure } from '../../../../src/domain/errors';
import type { PasscodeStore, PortalSession, PortalSignInDeps, SessionStore, StoredPasscode } from '../../../../src/domain/entitlement/portal/ports';
import { memoryRequestDeps, simulatedClock, type Clock } from '../requests/doubles';

/** Passcodes and sessions in memory, keeping the ETag contract of the Table adapters. */
export function memoryStores() {
  const codes = new Map<string, { value: StoredPasscode; etag: number }>();
  const sessions = new Map<string, PortalSession>();
  let version = 0;
  const stale = () => new Failure('preconditionFailed', 'stale');
  const passcodes: PasscodeStore = {
    read: async (email) => {
      const row = codes.get(email);
      return row && { value: { ...row.value }, etag: String(row.etag) };
    },
    put: async (p) => void codes.set(p.email, { value: { ...p }, etag: ++version }),
    replace: async (p, etag) => {
      if (String(codes.get(p.email)?.etag) !== etag) throw stale();
      codes.set(p.email, { value: { ...p }, etag: ++version });
    },
    remove: async (email, etag) => {
      if (String(codes.get(email)?.etag) !== etag) throw stale();
      codes.delete(email);
    },
    deleteExpired: async (before, limit) => {
      const expired = [...codes].filter(([, row]) => new Date(row.value.expiresAt) < before).slice(0, limit);
      for (const [email] of expired) codes.delete(email);
      return expired.length;
    },
  };
  const sessionStore: SessionStore = {
    insert: async (s) => void sessions.set(s.tokenHash, { ...s }),
    read: async (hash) => sessions.get(hash),
    remove: async (hash) => void sessions.delete(hash),
    deleteExpired: async (before, limit) => {
      const expired = [...sessions].filter(([, row]) => new Date(row.expiresAt) < before).slice(0, limit);
      for (const [hash] of expired) sessions.delete(hash);
      return expired.length;
    },
  };
  return { passcodes, sessions: sessionStore, codes, sessionRows: sessions };
}

/** The portal sign-in in memory: stores, limiter and mail of the request doubles, a simulated clock. */
export function memorySignIn(clock: Clock = simulatedClock()) {
  const request = memoryRequestDeps(clock);
  const stores = memoryStores();
  const deps: PortalSignInDeps = {
    passcodes: stores.passcodes,
    sessions: stores.sessions,
    limiter: request.deps.limiter,
    mail: request.deps.mail,
    organization: async () => ({ displayName: 'Contoso', domain: 'contoso.test', privacyStatementUrl: null, privacyContactEmail: null }),
    now: clock.now,
    randomBytes: (n) => randomBytes(n),
  };
  const codeOf = (address: string) => {
    const mails = request.mails.filter((m) => m.kind === 'oneTimePasscode' && m.to[0]?.address === address);
    const last = mails[mails.length - 1];
    return last?.kind === 'oneTimePasscode' ? last.data.code : undefined;
  };
  return { deps, clock, mails: request.mails, stores, codeOf };
}
