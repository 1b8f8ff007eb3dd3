import { Failure, type ErrorDetail } from '../errors';

/**
 * Enterprise applications (Graph `servicePrincipal`): what users and groups are assigned to, with
 * the app roles they may be given. Gatehouse models only the parts B2B and access packages use.
 */

/** Graph's id for "assigned to the app without a specific role", valid only on apps that define no roles. */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** One role an application defines (Graph `appRole`). Only user/group assignment is modelled. */
export interface AppRole {
  id: string;
  displayName: string;
  description: string | null;
  /** What the role's claim carries; unique within the app. */
  value: string | null;
  allowedMemberTypes: 'User'[];
  isEnabled: boolean;
}

export interface ServicePrincipal {
  id: string;
  /** The application's client id; unique in the directory. */
  appId: string;
  displayName: string;
  appRoles: AppRole[];
  /** When true, only assigned users and groups may sign in (Entra's "Assignment required?"). */
  appRoleAssignmentRequired: boolean;
  createdAt: Date;
}

/** What `PATCH` may change. */
export interface ServicePrincipalChanges {
  displayName?: string | undefined;
  appRoles?: AppRole[] | undefined;
  appRoleAssignmentRequired?: boolean | undefined;
}

function invalid(target: string, message: string): Failure {
  const details: ErrorDetail[] = [{ target, message }];
  return new Failure('validationFailed', message, { details });
}

/** Refuses duplicate role ids or values (Graph refuses both) and the reserved default-access id. */
export function checkAppRoles(roles: readonly AppRole[]): void {
  const ids = new Set<string>();
  const values = new Set<string>();
  roles.forEach((role, index) => {
    const id = role.id.toLowerCase();
    if (id === DEFAULT_ACCESS_ROLE_ID) throw invalid(`appRoles.${index}.id`, `App role id ${DEFAULT_ACCESS_ROLE_ID} is reserved for default access.`);
    if (ids.has(id)) throw invalid(`appRoles.${index}.id`, "Duplicate 'id' values are present in the 'appRoles' values.");
    ids.add(id);
    if (role.value !== null) {
      if (values.has(role.value)) throw invalid(`appRoles.${index}.value`, "Duplicate 'value' values are present in the 'appRoles' values.");
      values.add(role.value);
    }
  });
}

const sameRole = (a: AppRole, b: AppRole): boolean =>
  a.displayName === b.displayName &&
  a.description === b.description &&
  a.value === b.value &&
  a.isEnabled === b.isEnabled &&
  a.allowedMemberTypes.join() === b.allowedMemberTypes.join();

/**
 * The roles a `PATCH` of `appRoles` removes, after Entra's rule that an enabled role can be neither
 * removed nor changed in one step: it must first be disabled (disabling alone is allowed and keeps
 * existing assignments, as in Entra).
 */
export function removedAppRoles(before: readonly AppRole[], after: readonly AppRole[]): AppRole[] {
  checkAppRoles(after);
  const next = new Map(after.map((role) => [role.id.toLowerCase(), role]));
  const removed: AppRole[] = [];
  before.forEach((old, index) => {
    const updated = next.get(old.id.toLowerCase());
    if (!updated) {
      if (old.isEnabled) throw enabledRoleChanged(index);
      removed.push(old);
      return;
    }
    const onlyDisabled = { ...old, isEnabled: false };
    if (old.isEnabled && !sameRole(old, updated) && !sameRole(onlyDisabled, updated)) throw enabledRoleChanged(index);
  });
  return removed;
}

function enabledRoleChanged(index: number): Failure {
  return invalid(`appRoles.${index}`, 'Permission (scope or role) cannot be deleted or updated unless disabled first.');
}

/**
 * Whether `appRoleId` may be assigned on this app: one of its enabled roles, or the default-access
 * id when the app defines no roles at all (Entra's rule).
 */
export function assignableRole(principal: ServicePrincipal, appRoleId: string): 'ok' | 'notFound' {
  const wanted = appRoleId.toLowerCase();
  if (wanted === DEFAULT_ACCESS_ROLE_ID) return principal.appRoles.length === 0 ? 'ok' : 'notFound';
  return principal.appRoles.some((role) => role.isEnabled && role.id.toLowerCase() === wanted) ? 'ok' : 'notFound';
}
