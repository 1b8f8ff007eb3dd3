import type { ListQuerySpec } from '../../../src/http/odata';
import type { TableMapping } from '../../../src/storage/filter-query';

/** A `/users`-like endpoint spec covering every property type. */
export const usersSpec: ListQuerySpec = {
  resource: 'User',
  entityType: 'microsoft.graph.user',
  filterable: {
    id: { type: { kind: 'guid' }, operators: ['eq', 'ne', 'in'] },
    displayName: { type: { kind: 'string' }, operators: ['eq', 'ne', 'startsWith', 'endsWith', 'in', 'ge', 'le'] },
    mail: { type: { kind: 'string' }, operators: ['eq', 'startsWith', 'in'] },
    userType: { type: { kind: 'enum', values: ['Member', 'Guest'] }, operators: ['eq', 'ne', 'in'] },
    accountEnabled: { type: { kind: 'boolean' }, operators: ['eq', 'ne'] },
    signInCount: { type: { kind: 'number' }, operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] },
    createdDateTime: { type: { kind: 'datetime' }, operators: ['eq', 'gt', 'ge', 'lt', 'le'] },
    'manager/id': { type: { kind: 'guid' }, operators: ['eq'] },
    otherMails: { type: { kind: 'stringCollection' }, operators: ['eq', 'startsWith'] },
    identities: {
      type: {
        kind: 'objectCollection',
        properties: {
          issuer: { type: { kind: 'string' }, operators: ['eq'] },
          issuerAssignedId: { type: { kind: 'string' }, operators: ['eq', 'startsWith'] },
        },
      },
      operators: [],
    },
  },
  selectable: ['displayName', 'mail', 'userType', 'accountEnabled', 'otherMails', 'createdDateTime'],
  defaultPageSize: 100,
};

/** How the users table of these tests stores each filterable property. */
export const usersMapping: TableMapping = {
  id: { kind: 'guid', column: 'RowKey', storedAs: 'lowercaseString', required: true },
  displayName: { kind: 'lowercaseString', column: 'DisplayNameLower' },
  mail: { kind: 'lowercaseString', column: 'MailLower', required: true },
  userType: { kind: 'canonicalString', column: 'UserType', required: true },
  accountEnabled: { kind: 'boolean', column: 'AccountEnabled', required: true },
  signInCount: { kind: 'number', column: 'SignInCount', storedAs: 'int32' },
  createdDateTime: { kind: 'datetime', column: 'Created', storedAs: 'datetime', required: true },
  'manager/id': { kind: 'guid', column: 'ManagerId', storedAs: 'guid' },
};

/** A guest user in Graph shape; override what a test cares about. */
export function buildUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.user',
    id: '5f1e2d3c-aaaa-4bbb-8ccc-1234567890ab',
    displayName: "Aoife O'Brien",
    mail: 'aoife@contoso.com',
    userType: 'Guest',
    accountEnabled: true,
    signInCount: 3,
    createdDateTime: '2024-03-01T10:00:00Z',
    manager: { id: '11111111-2222-4333-8444-555555555555' },
    otherMails: ['aoife@fabrikam.com', 'AOB@example.org'],
    identities: [{ issuer: 'contoso.com', issuerAssignedId: 'aoife@contoso.com' }],
    ...overrides,
  };
}
