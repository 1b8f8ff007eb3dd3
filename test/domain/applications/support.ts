import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../../../src/domain/audit';
import type { AppRole, ApplicationDeps, AssignablePrincipal } from '../../../src/domain/applications';
import type { MembershipReader } from '../../../src/domain/directory/ports';
import { createTableAppRoleAssignments } from '../../../src/storage/app-role-assignment-repository';
import { createTableServicePrincipals } from '../../../src/storage/service-principal-repository';
import { freshTable } from '../../storage/apps/support';

/** An in-memory directory of users and groups with direct memberships, standing in for the users and groups modules. */
export class FakeDirectory implements MembershipReader {
  readonly principals = new Map<string, AssignablePrincipal>();
  readonly memberships = new Map<string, Set<string>>();

  addUser(displayName = 'Anna Partner'): string {
    const id = randomUUID();
    this.principals.set(id, { id, type: 'User', displayName });
    return id;
  }
  addGroup(displayName = 'Partners', members: string[] = []): string {
    const id = randomUUID();
    this.principals.set(id, { id, type: 'Group', displayName });
    for (const member of members) this.addMember(id, member);
    return id;
  }
  addMember(groupId: string, memberId: string): void {
    this.memberships.set(memberId, (this.memberships.get(memberId) ?? new Set()).add(groupId));
  }
  removeMember(groupId: string, memberId: string): void {
    this.memberships.get(memberId)?.delete(groupId);
  }
  async groupIdsOf(principalId: string): Promise<string[]> {
    return [...(this.memberships.get(principalId) ?? [])];
  }
  async findPrincipal(id: string): Promise<AssignablePrincipal | undefined> {
    return this.principals.get(id);
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async append(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
  activities(): string[] {
    return this.entries.map((e) => e.activityDisplayName);
  }
}

export const NOW = new Date('2026-11-21T08:00:00.000Z');

/** Real Table repositories on fresh tables, with in-memory users, groups and audit. */
export async function buildApplicationDeps(): Promise<ApplicationDeps & { directory: FakeDirectory; auditLog: MemoryAuditLog }> {
  const directory = new FakeDirectory();
  const auditLog = new MemoryAuditLog();
  return {
    servicePrincipals: createTableServicePrincipals(await freshTable('usesp')),
    assignments: createTableAppRoleAssignments(await freshTable('usera')),
    principals: directory,
    memberships: directory,
    audit: auditLog,
    now: () => NOW,
    newId: () => randomUUID(),
    directory,
    auditLog,
  };
}

export function buildAppRole(overrides: Partial<AppRole> = {}): AppRole {
  return { id: randomUUID(), displayName: 'Reader', description: 'Reads things', value: 'Things.Read', allowedMemberTypes: ['User'], isEnabled: true, ...overrides };
}

export const ADMIN = { kind: 'user', id: randomUUID() } as const;
