/**
 * What the SDK scripts of this folder read and print. Each script runs in a Node process of its own
 * started with `NODE_EXTRA_CA_CERTS` (Node reads it only at start), reads its inputs from the
 * environment and prints one JSON line of results for the test to check.
 */
export interface ScriptInput {
  /** The runtime's HTTPS API base, `https://127.0.0.1:<port>/api`. */
  base: string;
  token: string;
  /** Names every object the run creates, so runs do not see each other's. */
  tag: string;
  domain: string;
}

export const INPUT_ENV = { base: 'SDK_BASE', token: 'SDK_TOKEN', tag: 'SDK_TAG', domain: 'SDK_DOMAIN' } as const;

export function readInput(env: Record<string, string | undefined>): ScriptInput {
  const value = (key: keyof ScriptInput) => {
    const found = env[INPUT_ENV[key]];
    if (!found) throw new Error(`${INPUT_ENV[key]} is not set`);
    return found;
  };
  return { base: value('base'), token: value('token'), tag: value('tag'), domain: value('domain') };
}

/** The results of `graph-js-sdk.script.mts` (Microsoft Graph JavaScript SDK v3). */
export interface GraphJsResult {
  /** Users created one by one with `client.api('/users').post`. */
  createdIds: string[];
  /** `BatchRequestContent`: the steps' ids, dependsOn and answers. */
  batch: { steps: { id: string; url: string; dependsOn: string[] }[]; statuses: Record<string, number>; userIds: string[]; groupId: string };
  /** `PageIterator` over `/users?$filter=startsWith(displayName,tag)&$top=2`. */
  paged: { ids: string[]; names: string[] };
  /** The group's members added in a second batch, read back with `PageIterator` (`$top=2`). */
  members: { addStatuses: Record<string, number>; ids: string[]; types: string[] };
  /** Every URL the SDK fetched, and whether it carried a bearer token. */
  requests: { method: string; url: string; authorized: boolean }[];
}

/** The results of `kiota-sdk.script.mts` (`@microsoft/msgraph-sdk`). */
export interface KiotaResult {
  createdIds: string[];
  /** The first page (`$top=2`, `$count=true`, `$select`) and everything `PageIterator` visited. */
  firstPage: { count: number | null; size: number; hasNextLink: boolean };
  paged: { ids: string[]; names: string[] };
  /** `GET /users/{id}` with `$select`. */
  got: { id: string; displayName: string; userPrincipalName: string; mail: string | null };
  /** `GET /users/$count` (text/plain). */
  countEndpoint: number;
  group: { id: string; displayName: string; securityEnabled: boolean; mailEnabled: boolean };
  /** Members after `POST …/members/$ref`, as the SDK typed them. */
  members: { id: string; type: string; userPrincipalName: string | null }[];
  invitation: { id: string; status: string; invitedUserId: string; invitedUserType: string; redeemUrl: string; invitedUserEmailAddress: string };
  /** The SDK's ODataError for an unknown user. */
  notFound: { responseStatusCode: number; code: string; hasRequestId: boolean };
  requests: { method: string; url: string; authorized: boolean }[];
}

/**
 * Records the URL and method of each request, and whether it carried `Authorization`, by wrapping
 * the global `fetch` both SDKs call (the SDKs themselves are left as they are).
 */
export function recordRequests(): { method: string; url: string; authorized: boolean }[] {
  const seen: { method: string; url: string; authorized: boolean }[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    // Read without building a Request, which would take over a request's body.
    const asRequest = input instanceof Request ? input : undefined;
    const headers = new Headers(init?.headers ?? asRequest?.headers);
    const method = (init?.method ?? asRequest?.method ?? 'GET').toUpperCase();
    seen.push({ method, url: asRequest?.url ?? String(input), authorized: /^Bearer \S+/.test(headers.get('authorization') ?? '') });
    return original(input, init);
  }) as typeof fetch;
  return seen;
}
