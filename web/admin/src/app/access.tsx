import { createContext, useContext } from 'react';
import type { Api } from '../api/graph';
import type { Session } from '../auth/session';

/**
 * Who is signed in and which directory roles they hold (from GET /me/memberOf/microsoft.graph.directoryRole).
 * It only decides what the console shows; the API decides what is allowed.
 */
export type Access = { api: Api; session: Session; roles: ReadonlySet<string> };

export const AccessContext = createContext<Access | undefined>(undefined);

export function useAccess(): Access & Permissions {
  const access = useContext(AccessContext);
  if (!access) throw new Error('useAccess outside AccessContext');
  return { ...access, ...permissionsOf(access.roles) };
}

const ADMIN_ROLES = ['Global Administrator', 'User Administrator', 'Guest Inviter', 'Helpdesk Administrator', 'Privileged Role Administrator', 'Identity Governance Administrator'];

export type Permissions = {
  isAdmin: boolean;
  isGlobalAdmin: boolean;
  canReadUsers: boolean;
  canReadGroups: boolean;
  canInvite: boolean;
  canManageUsers: boolean;
  canAssignRoles: boolean;
  canGovern: boolean;
  canReadAudit: boolean;
  canReadApps: boolean;
  canReadRoles: boolean;
  /** Organization and external collaboration settings: the API lets only Global Administrators change them. */
  canManageSettings: boolean;
};

/** Mirrors the API's access table (src/domain/access.ts) for what the console offers. */
export function permissionsOf(roles: ReadonlySet<string>): Permissions {
  const ga = roles.has('Global Administrator');
  const any = (...names: string[]) => ga || names.some((n) => roles.has(n));
  return {
    isAdmin: ADMIN_ROLES.some((r) => roles.has(r)),
    isGlobalAdmin: ga,
    canReadUsers: any('User Administrator', 'Guest Inviter', 'Helpdesk Administrator', 'Privileged Role Administrator', 'Identity Governance Administrator'),
    canReadGroups: any('User Administrator', 'Helpdesk Administrator', 'Identity Governance Administrator', 'Guest Inviter'),
    canInvite: any('User Administrator', 'Guest Inviter'),
    canManageUsers: any('User Administrator'),
    canAssignRoles: any('Privileged Role Administrator'),
    canGovern: any('Identity Governance Administrator'),
    canReadAudit: ga,
    canReadApps: any('User Administrator', 'Identity Governance Administrator', 'Privileged Role Administrator'),
    canReadRoles: any('Privileged Role Administrator'),
    canManageSettings: ga,
  };
}
