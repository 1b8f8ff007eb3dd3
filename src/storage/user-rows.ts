import { z } from 'zod';
import type { PendingChange, StoredUser } from '../domain/users/ports';
import type { User } from '../domain/users/user';
import { jsonColumn, parseRow, type Row } from './table-kit';

/**
 * Layout of the `Users` table: PartitionKey = user id (lower-case), RowKey = `user`. One row per
 * user, soft-deleted ones included (`isDeleted`). Columns mirror Graph's property names; nulls are
 * omitted; lists are JSON text; `*Lower` columns are lower-cased copies for case-insensitive
 * `eq`/`startsWith` filters run by the table. `pendingKind`/`pendingBefore`/`pendingAt` mark a
 * change whose observers have not all run yet (see domain/users/consequences.ts).
 */
export const USER_ROW_KEY = 'user';

const text = z.string().nullish().transform((v) => v ?? null);
const date = z.coerce.date().nullish().transform((v) => v ?? null);
const identities = z
  .string()
  .nullish()
  .transform((v) => z.array(z.object({ signInType: z.string(), issuer: z.string(), issuerAssignedId: z.string() })).parse(jsonColumn.read(v ?? '') ?? []));
const list = z.string().nullish().transform((v) => (jsonColumn.read(v ?? '') as string[] | undefined) ?? []);

const userRow = z.object({
  partitionKey: z.string(),
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: text,
  mailNickname: text,
  accountEnabled: z.boolean(),
  userType: z.enum(['Member', 'Guest']),
  givenName: text,
  surname: text,
  jobTitle: text,
  department: text,
  companyName: text,
  employeeId: text,
  streetAddress: text,
  city: text,
  state: text,
  postalCode: text,
  country: text,
  businessPhones: list,
  mobilePhone: text,
  otherMails: list,
  ageGroup: z.enum(['Minor', 'NotAdult', 'Adult']).nullish().transform((v) => v ?? null),
  consentProvidedForMinor: z.enum(['Granted', 'Denied', 'NotRequired']).nullish().transform((v) => v ?? null),
  usageLocation: text,
  preferredLanguage: text,
  mail: text,
  identities,
  creationType: text,
  externalUserState: z.enum(['PendingAcceptance', 'Accepted']).nullish().transform((v) => v ?? null),
  externalUserStateChangeAt: date,
  managerId: text,
  createdAt: z.coerce.date(),
  deletedAt: date,
  extras: z.string().nullish().transform((v) => (jsonColumn.read(v ?? '') as Record<string, unknown> | undefined) ?? {}),
  pendingKind: z.enum(['created', 'updated', 'deleted', 'restored']).nullish(),
  pendingBefore: z.string().nullish(),
});

export type UserRow = z.infer<typeof userRow>;

/** The row for a user (nulls left out, as Table Storage does not store them). */
export function toUserRow(user: User, pending: PendingChange | null, pendingAt: Date | null): Row {
  const row: Row = { partitionKey: user.id.toLowerCase(), rowKey: USER_ROW_KEY };
  for (const [key, value] of Object.entries(user)) {
    if (value === null || value === undefined) continue;
    row[key] = Array.isArray(value) || (typeof value === 'object' && !(value instanceof Date)) ? jsonColumn.write(value) : value;
  }
  row['isDeleted'] = user.deletedAt !== null;
  row['userPrincipalNameLower'] = user.userPrincipalName.toLowerCase();
  if (user.displayName !== null) row['displayNameLower'] = user.displayName.toLowerCase();
  if (user.mail !== null) row['mailLower'] = user.mail.toLowerCase();
  if (pending && pendingAt) {
    row['pendingKind'] = pending.kind;
    if (pending.before) row['pendingBefore'] = jsonColumn.write(pending.before);
    row['pendingAt'] = pendingAt;
  }
  return row;
}

/** Parses a stored row (throws on a row that does not match: a bug, not a client error). */
export function fromUserRow(raw: Record<string, unknown> & { etag?: string }): StoredUser {
  const row = parseRow(userRow, 'user', raw as { partitionKey?: string; rowKey?: string });
  const { partitionKey: _pk, pendingKind, pendingBefore, ...user } = row;
  return {
    user,
    etag: raw.etag ?? '',
    pending: pendingKind ? { kind: pendingKind, before: jsonColumn.read(pendingBefore ?? '') as PendingChange['before'] } : null,
  };
}

/** How `$filter` properties of GET /users map onto `Users` columns (for `toTableQuery`). */
export const USER_TABLE_MAPPING = {
  id: { kind: 'guid', column: 'PartitionKey', storedAs: 'lowercaseString', required: true },
  userType: { kind: 'canonicalString', column: 'userType', required: true },
  externalUserState: { kind: 'canonicalString', column: 'externalUserState' },
  creationType: { kind: 'canonicalString', column: 'creationType' },
  accountEnabled: { kind: 'boolean', column: 'accountEnabled', required: true },
  mail: { kind: 'lowercaseString', column: 'mailLower' },
  displayName: { kind: 'lowercaseString', column: 'displayNameLower' },
  userPrincipalName: { kind: 'lowercaseString', column: 'userPrincipalNameLower', required: true },
} as const;
