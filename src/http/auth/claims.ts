import { isGraphPermission, type GraphPermission, type Principal } from '../../domain/principal';

/**
 * Maps the claims of a verified Entra access token (v1.0 or v2.0) to a {@link Principal}, or
 * undefined when the token names no usable caller. Only call it with a verified payload.
 *
 * App-only tokens: `idtyp: "app"` (an optional claim in Entra), or, when the tenant does not emit
 * `idtyp`, no `scp` but a `roles` array, as the client-credentials flow issues them. Delegated
 * tokens: `idtyp: "user"` or an `scp`, and always an `oid`.
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const idtyp = claims['idtyp'];
  const scp = claims['scp'];
  const roles = claims['roles'];
  const app = idtyp === 'app' || (idtyp === undefined && scp === undefined && Array.isArray(roles));
  if (app) {
    // A token claiming to be app-only yet carrying delegated scopes is contradictory: refuse it.
    if (scp !== undefined) return undefined;
    const appId = nonEmptyString(claims['azp']) ?? nonEmptyString(claims['appid']);
    if (appId === undefined || (roles !== undefined && !Array.isArray(roles))) return undefined;
    return { kind: 'app', appId, permissions: knownPermissions(roles ?? []) };
  }
  if (idtyp !== undefined && idtyp !== 'user') return undefined;
  const userId = nonEmptyString(claims['oid']);
  if (userId === undefined || (scp !== undefined && typeof scp !== 'string')) return undefined;
  const scopes = new Set((scp ?? '').split(' ').filter((s) => s.length > 0));
  return { kind: 'user', userId, scopes };
}

function knownPermissions(roles: unknown[]): ReadonlySet<GraphPermission> {
  const out = new Set<GraphPermission>();
  for (const role of roles) if (typeof role === 'string' && isGraphPermission(role)) out.add(role);
  return out;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
