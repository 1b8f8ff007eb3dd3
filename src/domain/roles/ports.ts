import type { AuditInitiator, AuditLog } from '../audit';
import type { Page, PrincipalDirectory } from '../applications/ports';

/** A directory role held by a principal (Graph `unifiedRoleAssignment`); the scope is always the whole directory. */
export interface DirectoryRoleAssignment {
  id: string;
  principalId: string;
  /** The role's template id. */
  roleDefinitionId: string;
  directoryScopeId: '/';
}

/**
 * Port: directory role assignments. Authorization reads them per principal (`src/storage/role-lookup.ts`),
 * the API by id and by role; adapters keep the three consistent across crashes.
 */
export interface DirectoryRoleAssignmentRepository {
  /** Records the assignment; the same (principal, role) pair twice → `duplicate`. */
  add(assignment: DirectoryRoleAssignment): Promise<'added' | 'duplicate'>;
  get(id: string): Promise<DirectoryRoleAssignment | undefined>;
  /** Removes it so authorization no longer sees it; idempotent. */
  remove(id: string): Promise<void>;
  list(query: {
    principalId?: string | undefined;
    roleDefinitionId?: string | undefined;
    top: number;
    continuationToken?: string | undefined;
  }): Promise<Page<DirectoryRoleAssignment>>;
}

/** What the role use cases need. */
export interface RoleDeps {
  roleAssignments: DirectoryRoleAssignmentRepository;
  principals: PrincipalDirectory;
  audit: AuditLog;
  now(): Date;
  newId(): string;
}

export type Actor = AuditInitiator;
