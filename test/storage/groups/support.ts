import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { QueueClient } from '@azure/storage-queue';
import { inject } from 'vitest';
import type { AuditEntry, AuditLog } from '../../../src/domain/audit';
import type { DirectoryUser, UserDirectory } from '../../../src/domain/directory/ports';
import { createGroupModule, type GroupModule, type GroupModuleInput } from '../../../src/storage/group-module';
import type { MembershipRepositoryOptions } from '../../../src/storage/membership-repository';

/** A table on the shared Azurite with a fresh name, so test files do not see each other's rows. */
export async function freshTable(prefix = 't'): Promise<TableClient> {
  const table = TableClient.fromConnectionString(inject('azuriteConnectionString'), `${prefix}${randomUUID().replace(/-/g, '')}`.slice(0, 63), {
    allowInsecureConnection: true,
  });
  await table.createTable();
  return table;
}

export async function freshQueue(): Promise<QueueClient> {
  const queue = new QueueClient(inject('azuriteConnectionString'), `q-${randomUUID()}`);
  await queue.create();
  return queue;
}

let counter = 0;
/** A directory user with overrides. */
export function buildUser(overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  counter += 1;
  const id = overrides.id ?? randomUUID();
  return {
    id,
    userPrincipalName: `user${counter}@fabrikam.onmicrosoft.com`,
    displayName: `User ${counter}`,
    mail: `user${counter}@fabrikam.example`,
    otherMails: [],
    userType: 'Member',
    accountEnabled: true,
    creationType: null,
    externalUserState: null,
    givenName: null,
    surname: null,
    jobTitle: null,
    department: null,
    companyName: null,
    employeeId: null,
    country: null,
    city: null,
    state: null,
    usageLocation: null,
    preferredLanguage: null,
    mailNickname: null,
    ...overrides,
  };
}

/** An in-memory `UserDirectory` (the users module's contract), paging in id order. */
export interface MemoryDirectory extends UserDirectory {
  put(user: DirectoryUser): void;
  remove(id: string): void;
}

export function memoryDirectory(initial: DirectoryUser[] = []): MemoryDirectory {
  const users = new Map(initial.map((u) => [u.id, u]));
  return {
    put: (user) => void users.set(user.id, user),
    remove: (id) => void users.delete(id),
    async getUser(id) {
      return users.get(id);
    },
    async listUsers({ continuationToken, pageSize }) {
      const sorted = [...users.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
      const start = continuationToken ? sorted.findIndex((u) => u.id > continuationToken) : 0;
      const items = start < 0 ? [] : sorted.slice(start, start + pageSize);
      const last = items[items.length - 1];
      const more = start >= 0 && start + pageSize < sorted.length;
      return { items, continuationToken: more && last ? last.id : undefined };
    },
  };
}

/** An audit log that keeps entries in memory, to assert on. */
export function memoryAudit(): AuditLog & { entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  return { entries, append: async (entry) => void entries.push(entry) };
}

export interface TestGroupModule extends GroupModule {
  directory: MemoryDirectory;
  audit: ReturnType<typeof memoryAudit>;
  queue: QueueClient;
  /** The owners table, to look at its raw rows. */
  ownersTable: TableClient;
  /** The groups table, to build a second repository on it. */
  groupsTable: TableClient;
  /** Receives and handles queued evaluation messages until the queue is empty. */
  drain(handle: (message: unknown) => Promise<unknown>): Promise<number>;
}

/** The groups module on fresh tables and a fresh queue, with an in-memory directory and audit. */
export async function testGroupModule(
  options: {
    users?: DirectoryUser[];
    now?: () => Date;
    membershipOptions?: MembershipRepositoryOptions;
    ownershipOptions?: MembershipRepositoryOptions;
    groupLifecycles?: GroupModuleInput['groupLifecycles'];
  } = {},
): Promise<TestGroupModule> {
  const [groupsTable, membershipsTable, ownersTable, queue] = await Promise.all([freshTable('g'), freshTable('m'), freshTable('o'), freshQueue()]);
  const directory = memoryDirectory(options.users);
  const audit = memoryAudit();
  const module = createGroupModule({
    groupsTable,
    membershipsTable,
    ownersTable,
    evaluationQueue: queue,
    audit,
    users: directory,
    now: options.now ?? (() => new Date()),
    newId: () => randomUUID(),
    ...(options.membershipOptions ? { membershipOptions: options.membershipOptions } : {}),
    ...(options.ownershipOptions ? { ownershipOptions: options.ownershipOptions } : {}),
    ...(options.groupLifecycles ? { groupLifecycles: options.groupLifecycles } : {}),
  });
  return {
    ...module,
    directory,
    audit,
    queue,
    ownersTable,
    groupsTable,
    async drain(handle) {
      let handled = 0;
      for (;;) {
        const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
        if (receivedMessageItems.length === 0) return handled;
        for (const item of receivedMessageItems) {
          // As the Functions host does: base64 text → JSON.
          await handle(JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8')));
          await queue.deleteMessage(item.messageId, item.popReceipt);
          handled += 1;
        }
      }
    },
  };
}
