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
  const verifiedEmail = verifiedEmailOf(claims);
  return { kind: 'user', userId, scopes, ...(verifiedEmail && { verifiedEmail }) };
}

/**
 * The `email` claim when the issuer vouches for it: OpenID Connect's `email_verified`, or Entra's
 * optional `xms_edov` (the email's domain is verified by its owner). Entra's `email` alone is
 * whatever the user's profile says, so it does not count.
 */
function verifiedEmailOf(claims: Record<string, unknown>): string | undefined {
  const email = nonEmptyString(claims['email']);
  if (email === undefined || email.length > 256 || !email.includes('@')) return undefined;
  const edov = claims['xms_edov'];
  return claims['email_verified'] === true || edov === true || edov === 1 || edov === '1' || edov === 'true' ? email : undefined;
}

function knownPermissions(roles: unknown[]): ReadonlySet<GraphPermission> {
  const out = new Set<GraphPermission>();
  for (const role of roles) if (typeof role === 'string' && isGraphPermission(role)) out.add(role);
  return out;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
