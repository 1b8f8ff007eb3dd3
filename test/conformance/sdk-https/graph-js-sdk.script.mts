/**
 * The Microsoft Graph JavaScript SDK v3 as a script using it against Graph would: `Client.init`
 * with an auth provider and `customHosts` (no middleware of our own), `BatchRequestContent` with
 * `dependsOn`, and `PageIterator` following `@odata.nextLink`. Run by `sdk-over-https.test.ts` in a
 * Node process that trusts the runtime's certificate through `NODE_EXTRA_CA_CERTS`.
 */
import { BatchRequestContent, BatchResponseContent, Client, PageIterator } from '@microsoft/microsoft-graph-client';
import type { DirectoryObject, Group, User } from '@microsoft/microsoft-graph-types';
import { readInput, recordRequests, type GraphJsResult } from './script-io.js';

const input = readInput(process.env);
const requests = recordRequests();

const client = Client.init({
  authProvider: (done) => done(null, input.token),
  baseUrl: input.base,
  defaultVersion: 'v1.0',
  customHosts: new Set([new URL(input.base).hostname]),
});

const newUser = (n: number): User => ({
  accountEnabled: true,
  displayName: `${input.tag} User ${n}`,
  mailNickname: `${input.tag}u${n}`,
  userPrincipalName: `${input.tag}u${n}@${input.domain}`,
  passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
});
/** A batch step's request, written against the client's base URL as the SDK's samples do. */
const post = (path: string, body: unknown) =>
  new Request(`${input.base}/v1.0${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function statuses(answer: BatchResponseContent): Promise<Record<string, number>> {
  return Object.fromEntries([...answer.getResponses()].map(([id, response]) => [id, response.status]));
}

// Five users one by one.
const createdIds: string[] = [];
for (let n = 1; n <= 5; n++) createdIds.push(((await client.api('/users').post(newUser(n))) as User).id!);

// Two more users and a security group in one batch, each step waiting for the one before.
const creation = new BatchRequestContent([
  { id: '1', request: post('/users', newUser(6)) },
  { id: '2', request: post('/users', newUser(7)), dependsOn: ['1'] },
  {
    id: '3',
    request: post('/groups', { displayName: `${input.tag} Group`, mailNickname: `${input.tag}g`, mailEnabled: false, securityEnabled: true } satisfies Group),
    dependsOn: ['2'],
  },
]);
const creationBody = await creation.getContent();
const created = new BatchResponseContent(await client.api('/$batch').post(creationBody));
const batchUserIds = [((await created.getResponseById('1').json()) as User).id!, ((await created.getResponseById('2').json()) as User).id!];
const groupId = ((await created.getResponseById('3').json()) as Group).id!;

// Every user into the group in a second batch (a chain of dependsOn), then the members back.
const everyone = [...createdIds, ...batchUserIds];
const adding = new BatchRequestContent(
  everyone.map((id, i) => ({
    id: String(i + 1),
    request: post(`/groups/${groupId}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` }),
    ...(i > 0 ? { dependsOn: [String(i)] } : {}),
  })),
);
const added = new BatchResponseContent(await client.api('/$batch').post(await adding.getContent()));

async function iterate<T>(first: unknown): Promise<T[]> {
  const seen: T[] = [];
  const iterator = new PageIterator(client, first as never, (item: T) => {
    seen.push(item);
    return true;
  });
  await iterator.iterate();
  if (!iterator.isComplete()) throw new Error('the page iterator stopped before the end');
  return seen;
}

// The tagged users, two to a page.
const users = await iterate<User>(await client.api('/users').filter(`startsWith(displayName,'${input.tag}')`).top(2).get());
const members = await iterate<DirectoryObject & { '@odata.type'?: string }>(await client.api(`/groups/${groupId}/members`).top(2).get());

const result: GraphJsResult = {
  createdIds,
  batch: {
    steps: creationBody.requests.map((step) => ({ id: step.id, url: step.url, dependsOn: step.dependsOn ?? [] })),
    statuses: await statuses(created),
    userIds: batchUserIds,
    groupId,
  },
  paged: { ids: users.map((u) => u.id!), names: users.map((u) => u.displayName!) },
  members: { addStatuses: await statuses(added), ids: members.map((m) => m.id!), types: members.map((m) => m['@odata.type'] ?? '') },
  requests,
};
console.log(JSON.stringify(result));
