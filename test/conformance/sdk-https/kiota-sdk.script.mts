/**
 * The Kiota-based Microsoft Graph SDK (`@microsoft/msgraph-sdk` with its users and invitations
 * packages) as a script would use it: `GraphRequestAdapter` with a `BaseBearerTokenAuthenticationProvider`
 * whose `AllowedHostsValidator` names the local host, the runtime's base URL, the fluent API and the
 * core package's `PageIterator`. No groups package is published, so groups go through the same
 * request adapter with the SDK's own `Group` and `ReferenceCreate` models, as the fluent API does
 * underneath. Run by `sdk-over-https.test.ts` in a Node process that trusts the runtime's
 * certificate through `NODE_EXTRA_CA_CERTS`.
 */
import {
  AllowedHostsValidator,
  BaseBearerTokenAuthenticationProvider,
  HttpMethod,
  RequestInformation,
  validateProtocol,
  type AccessTokenProvider,
  type ErrorMappings,
} from '@microsoft/kiota-abstractions';
import { createGraphServiceClient, GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import { PageIterator, type PageCollection } from '@microsoft/msgraph-sdk-core';
import '@microsoft/msgraph-sdk-invitations';
import '@microsoft/msgraph-sdk-users';
import {
  createDirectoryObjectCollectionResponseFromDiscriminatorValue,
  createGroupFromDiscriminatorValue,
  createUserCollectionResponseFromDiscriminatorValue,
  serializeGroup,
  serializeReferenceCreate,
  type DirectoryObject,
  type DirectoryObjectCollectionResponse,
  type Group,
  type ReferenceCreate,
  type User,
} from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue, type ODataError } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
import { readInput, recordRequests, type KiotaResult } from './script-io.js';

const input = readInput(process.env);
const requests = recordRequests();
const host = new URL(input.base).hostname;

/** Hands the token to the local host only, and only over https (as the Azure Identity provider does). */
class LocalTokenProvider implements AccessTokenProvider {
  private readonly hosts = new AllowedHostsValidator(new Set([host]));
  async getAuthorizationToken(url?: string): Promise<string> {
    if (!url || !this.hosts.isUrlHostValid(url)) return '';
    validateProtocol(url);
    if (!url.toLowerCase().startsWith('https://')) throw new Error(`refusing to send a token over ${url}`);
    return input.token;
  }
  getAllowedHostsValidator(): AllowedHostsValidator {
    return this.hosts;
  }
}

const adapter = new GraphRequestAdapter(new BaseBearerTokenAuthenticationProvider(new LocalTokenProvider()));
adapter.baseUrl = `${input.base}/v1.0`;
const client = createGraphServiceClient(adapter);
const errors: ErrorMappings = { XXX: createODataErrorFromDiscriminatorValue };

// Users: three created, then listed two to a page with $count, read one back with $select.
const newUser = (n: number): User => ({
  accountEnabled: true,
  displayName: `${input.tag} Kiota ${n}`,
  mailNickname: `${input.tag}k${n}`,
  userPrincipalName: `${input.tag}k${n}@${input.domain}`,
  mail: `${input.tag}k${n}@${input.domain}`,
  passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
});
const createdIds: string[] = [];
for (let n = 1; n <= 3; n++) createdIds.push((await client.users.post(newUser(n)))!.id!);

const firstPage = (await client.users.get({
  queryParameters: { filter: `startsWith(displayName,'${input.tag} Kiota')`, top: 2, count: true, select: ['id', 'displayName'] },
  headers: { ConsistencyLevel: 'eventual' },
}))!;
const users: User[] = [];
const iterator = new PageIterator<User>(
  adapter,
  firstPage as PageCollection<User>,
  (user) => {
    users.push(user);
    return true;
  },
  createUserCollectionResponseFromDiscriminatorValue as never,
  errors,
);
await iterator.iterate();
if (iterator.getPagingState() !== 'Complete') throw new Error(`the page iterator stopped in state ${iterator.getPagingState()}`);

const got = (await client.users.byUserId(createdIds[0]!).get({ queryParameters: { select: ['id', 'displayName', 'userPrincipalName', 'mail'] } }))!;
const countEndpoint = (await client.users.count.get({ queryParameters: { filter: `startsWith(displayName,'${input.tag} Kiota')` }, headers: { ConsistencyLevel: 'eventual' } }))!;

// A group, the users added through members/$ref, the members read back.
const createGroup = new RequestInformation(HttpMethod.POST, '{+baseurl}/groups');
createGroup.headers.tryAdd('Accept', 'application/json');
createGroup.setContentFromParsable<Group>(adapter, 'application/json', { displayName: `${input.tag} Kiota group`, mailNickname: `${input.tag}kg`, mailEnabled: false, securityEnabled: true }, serializeGroup);
const group = (await adapter.send<Group>(createGroup, createGroupFromDiscriminatorValue, errors))!;
for (const id of createdIds) {
  const addMember = new RequestInformation(HttpMethod.POST, '{+baseurl}/groups/{group%2Did}/members/$ref', { 'group%2Did': group.id });
  addMember.setContentFromParsable<ReferenceCreate>(adapter, 'application/json', { odataId: `https://graph.microsoft.com/v1.0/directoryObjects/${id}` }, serializeReferenceCreate);
  await adapter.sendNoResponseContent(addMember, errors);
}
const listMembers = new RequestInformation(HttpMethod.GET, '{+baseurl}/groups/{group%2Did}/members', { 'group%2Did': group.id });
listMembers.headers.tryAdd('Accept', 'application/json');
const members = (await adapter.send<DirectoryObjectCollectionResponse>(listMembers, createDirectoryObjectCollectionResponseFromDiscriminatorValue, errors))!.value ?? [];

// An invitation, without the mail.
const invitation = (await client.invitations.post({
  invitedUserEmailAddress: `${input.tag}.guest@contoso.com`,
  inviteRedirectUrl: 'https://myapp.contoso.com',
  sendInvitationMessage: false,
}))!;

// The SDK's error for a user that does not exist.
let notFound: KiotaResult['notFound'] | undefined;
try {
  await client.users.byUserId('2f1c6a3e-0000-4000-8000-000000000000').get();
} catch (error) {
  const e = error as ODataError;
  notFound = { responseStatusCode: e.responseStatusCode ?? 0, code: e.errorEscaped?.code ?? '', hasRequestId: !!e.errorEscaped?.innerError?.requestId };
}
if (!notFound) throw new Error('reading an unknown user succeeded');

const result: KiotaResult = {
  createdIds,
  firstPage: { count: firstPage.odataCount ?? null, size: firstPage.value?.length ?? 0, hasNextLink: !!firstPage.odataNextLink },
  paged: { ids: users.map((u) => u.id!), names: users.map((u) => u.displayName!) },
  got: { id: got.id!, displayName: got.displayName!, userPrincipalName: got.userPrincipalName!, mail: got.mail ?? null },
  countEndpoint,
  group: { id: group.id!, displayName: group.displayName!, securityEnabled: !!group.securityEnabled, mailEnabled: !!group.mailEnabled },
  members: members.map((m: DirectoryObject) => ({ id: m.id!, type: m.odataType ?? '', userPrincipalName: (m as User).userPrincipalName ?? null })),
  invitation: {
    id: invitation.id!,
    status: invitation.status!,
    invitedUserId: invitation.invitedUser?.id ?? '',
    invitedUserType: invitation.invitedUserType ?? '',
    redeemUrl: invitation.inviteRedeemUrl ?? '',
    invitedUserEmailAddress: invitation.invitedUserEmailAddress ?? '',
  },
  notFound,
  requests,
};
console.log(JSON.stringify(result));
