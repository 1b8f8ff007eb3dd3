import type { AuditInitiator } from '../audit';
import type { Principal } from '../principal';

/** Who to name in the audit log for a caller. */
export function initiatorOf(principal: Principal | undefined): AuditInitiator {
  if (!principal) return { kind: 'system', name: 'anonymous' };
  return principal.kind === 'user' ? { kind: 'user', id: principal.userId } : { kind: 'app', appId: principal.appId };
}
