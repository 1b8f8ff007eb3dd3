import { hasPermission, type Principal, type RequiredAccess } from './principal';

/** Open to anonymous callers (health, the OpenAPI document, pages a guest opens from a mail). */
export const PUBLIC = 'public' as const;
export type AccessRule = typeof PUBLIC | RequiredAccess;

const READ_DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All'] as const;

/**
 * Who may call each operation: one row per endpoint, printed in the README. App-only callers need
 * one of `permissions` (Graph permission names in the token's `roles`); users need one of `roles`
 * (directory roles; Global Administrator may do everything). The endpoint wrapper requires a row
 * for every operation id, so a new endpoint cannot forget its rule.
 */
export const ACCESS_TABLE = {
  health: PUBLIC,
  openapi: PUBLIC,
  getOrganization: {
    permissions: ['Organization.ReadWrite.All', ...READ_DIRECTORY],
    roles: ['User Administrator', 'Guest Inviter', 'Helpdesk Administrator', 'Privileged Role Administrator', 'Identity Governance Administrator'],
  },
} as const satisfies Record<string, AccessRule>;

export type OperationId = keyof typeof ACCESS_TABLE;

/** Port: the directory role template ids a user holds. */
export type RoleLookup = (userId: string) => Promise<readonly string[]>;

export function isPublicOperation(operationId: OperationId): boolean {
  return ACCESS_TABLE[operationId] === PUBLIC;
}

/** Applies the access table; users' roles are read only when the rule needs them. */
export async function mayCall(principal: Principal, operationId: OperationId, rolesOf: RoleLookup): Promise<boolean> {
  const rule: AccessRule = ACCESS_TABLE[operationId];
  if (rule === PUBLIC) return true;
  const roles = principal.kind === 'user' ? await rolesOf(principal.userId) : [];
  return hasPermission(principal, roles, rule);
}
