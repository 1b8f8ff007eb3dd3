import { hashSecret, isWellFormedSecret, newSecret } from '../../secrets';
import type { PortalSession, PortalSignInDeps } from './ports';

/**
 * Portal sessions: a 256-bit random token in an HttpOnly cookie, stored only as its SHA-256 hash,
 * valid 24 hours from sign-in.
 */
export const SESSION_HOURS = 24;

export async function openSession(
  deps: Pick<PortalSignInDeps, 'sessions' | 'now' | 'randomBytes'>,
  email: string,
  federated?: PortalSession['federated'],
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret(deps.randomBytes);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await deps.sessions.insert({ tokenHash: hashSecret(token), email, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), ...(federated ? { federated } : {}) });
  return { token, expiresAt };
}

/** The address signed in with `token`, or undefined for a missing, malformed, unknown or expired one. */
export async function sessionEmail(deps: Pick<PortalSignInDeps, 'sessions' | 'now'>, token: string | undefined): Promise<string | undefined> {
  if (!token || !isWellFormedSecret(token)) return undefined;
  const session = await deps.sessions.read(hashSecret(token));
  if (!session || new Date(session.expiresAt) <= deps.now()) return undefined;
  return session.email;
}

export async function endSession(deps: Pick<PortalSignInDeps, 'sessions'>, token: string | undefined): Promise<void> {
  if (token && isWellFormedSecret(token)) await deps.sessions.remove(hashSecret(token));
}

/**
 * Deletes sessions and passcodes whose time is over (they already open nothing), in rounds of
 * `batch`, so the sign-in tables hold only live entries. Run by the hourly `sweepPortalSignIns`.
 */
export async function sweepPortalSignIns(deps: Pick<PortalSignInDeps, 'sessions' | 'passcodes' | 'now'>, batch = 500): Promise<{ sessions: number; passcodes: number }> {
  const before = deps.now();
  const drain = async (deleteExpired: (before: Date, limit: number) => Promise<number>) => {
    let total = 0;
    for (let removed = batch; removed === batch; total += removed) removed = await deleteExpired(before, batch);
    return total;
  };
  return { sessions: await drain((b, n) => deps.sessions.deleteExpired(b, n)), passcodes: await drain((b, n) => deps.passcodes.deleteExpired(b, n)) };
}
