/** Who did something: a user (delegated call), an application (app-only call) or the system (timers, queues). */
export type AuditInitiator =
  | { kind: 'user'; id: string; userPrincipalName?: string | undefined }
  | { kind: 'app'; appId: string; displayName?: string | undefined }
  | { kind: 'system'; name: string };

/** What was touched, in Graph's `targetResources` shape. */
export interface AuditTarget {
  id: string;
  type: 'User' | 'Group' | 'ServicePrincipal' | 'Role' | 'Policy' | 'Organization' | 'Invitation' | 'AccessPackage' | 'Catalog' | 'Application' | 'Other';
  displayName?: string | undefined;
  userPrincipalName?: string | undefined;
  modifiedProperties?: { displayName: string; oldValue: string | null; newValue: string | null }[] | undefined;
}

/** One directory audit entry (Graph `directoryAudit`). */
export interface AuditEntry {
  id: string;
  /** `Add user`, `Update group`, `Invite external user`, … */
  activityDisplayName: string;
  category: 'UserManagement' | 'GroupManagement' | 'ApplicationManagement' | 'RoleManagement' | 'Policy' | 'DirectoryManagement' | 'EntitlementManagement' | 'Invitations';
  activityAt: Date;
  initiatedBy: AuditInitiator;
  targetResources: AuditTarget[];
  result: 'success' | 'failure';
  resultReason?: string | undefined;
  /** The request that caused it, to correlate with logs. */
  correlationId?: string | undefined;
}

/** Port: the append-only audit log. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /**
   * Appends several entries of one step at once (one storage request where the adapter can);
   * optional, callers fall back to `append` for each. Entries of one month are written all or none.
   */
  appendAll?(entries: readonly AuditEntry[]): Promise<void>;
}
