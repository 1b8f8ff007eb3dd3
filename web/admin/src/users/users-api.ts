import type { Api, Page } from '../api/graph';
import { nextPath } from '../api/graph';

/** The user properties the console shows (Graph's user resource, as the API returns it). */
export type UserRow = {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
  userType?: string | null;
  externalUserState?: string | null;
  creationType?: string | null;
  createdDateTime?: string | null;
  deletedDateTime?: string | null;
  accountEnabled?: boolean;
  [key: string]: unknown;
};

export const LIST_SELECT = 'id,displayName,userPrincipalName,mail,userType,externalUserState,creationType,createdDateTime';

/** `'` doubled, as OData string literals need. */
export const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The $filter for the list's search box and guest switch. */
export function userFilter(search: string, guestsOnly: boolean): string | undefined {
  const parts: string[] = [];
  const term = search.trim();
  if (term) parts.push(`(startsWith(displayName,${odataString(term)}) or startsWith(userPrincipalName,${odataString(term)}) or startsWith(mail,${odataString(term)}))`);
  if (guestsOnly) parts.push("userType eq 'Guest'");
  return parts.length ? parts.join(' and ') : undefined;
}

/** One page of a list: the first (path + query) or the one a nextLink names. */
export async function listPage<T>(api: Api, path: string, query: Record<string, string | undefined>, next?: string, headers?: Record<string, string>): Promise<Page<T>> {
  // A next link repeats the query, so it needs the same headers (ConsistencyLevel for advanced queries).
  if (next) return (await api.api(nextPath(next)).headers(headers ?? {}).get()) as Page<T>;
  let request = api.api(path).headers(headers ?? {});
  for (const [k, v] of Object.entries(query)) if (v !== undefined) request = request.query({ [k]: v });
  return (await request.get()) as Page<T>;
}

/** Graph's advanced-query header, which sorting by some properties and sorting a filtered list need. */
export const EVENTUAL = { ConsistencyLevel: 'eventual' } as const;
