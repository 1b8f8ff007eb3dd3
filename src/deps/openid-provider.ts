/** Gatehouse's OpenID provider (issue 20): applications as clients, sign-in by one-time passcode or federation. */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isLoopbackUrl } from '../config';
import type { ApplicationRegistrationDeps } from '../domain/applications/application-ports';
import { liveSecrets, redirectUrisOf, type Application } from '../domain/applications/application';
import type { PermissionScope } from '../domain/applications/exposed-api';
import { appRoleAssignmentsReaching } from '../domain/applications';
import { sendPasscode, verifyPasscode } from '../domain/entitlement/portal/passcodes';
import { openSession } from '../domain/entitlement/portal/sessions';
import { createFederation, type Federation, type FederationState } from '../http/oidc/federation';
import { hashSecret, isWellFormedSecret, secretMatches } from '../domain/secrets';
import { issueTokenClaims, recordSignIn } from '../domain/sign-in/issue-token-claims';
import type { SignInDeps } from '../domain/sign-in/ports';
import { accountRefusal } from '../domain/sign-in/sign-in-policy';
import { pairwiseSubject } from '../domain/sign-in/token-claims';
import type { Admission, InteractionDeps } from '../http/oidc/interaction';
import { decideSignInRedemption, previewSignInRedemption } from '../domain/invitations/redeem-at-sign-in';
import { recordFederatedIdentity, type FederatedProof } from '../domain/sign-in/federated-identity';
import { invitationModule } from './invitations';
import { buildProvider, FEDERATION_CALLBACK_PATH, SPA_REDIRECT_URIS, type ProviderHandle } from '../http/oidc/provider';
import { SESSION_COOKIE } from '../http/pages/portal-http';
import { createTableApplications } from '../storage/application-repository';
import { loadOrCreateInstanceKey } from '../storage/instance-keys';
import { createTableOidcAdapters, sweepOidcStore } from '../storage/oidc-store';
import { createTableSignInLog, oldestMonth } from '../storage/sign-in-log';
import { loadSigningKeys } from '../storage/signing-keys';
import { readRow } from '../storage/table-kit';
import { settings, storage } from './core';
import { applicationDeps, directoryAudit, groupModule, servicePrincipalStore, userDeps, userRepository } from './directory';
import { portalSignInDeps, portalSite } from './portal';

let applications: ReturnType<typeof createTableApplications> | undefined;
/** App registrations (table `Applications`). */
export function applicationStore(): ReturnType<typeof createTableApplications> {
  return (applications ??= createTableApplications(storage().table('Applications')));
}

export function applicationRegistrationDeps(): ApplicationRegistrationDeps {
  return { applications: applicationStore(), audit: directoryAudit(), now: () => new Date(), newId: () => randomUUID(), randomBytes: (n) => randomBytes(n) };
}

/** `<PUBLIC_BASE_URL>/api/<tenantId>`: where the provider's routes hang. */
export const openIdBase = (): { mountPath: string; issuer: string; tenantId: string } => {
  const tenantId = settings().ORGANIZATION_TENANT_ID.toLowerCase();
  const base = new URL(settings().PUBLIC_BASE_URL);
  const mountPath = `${base.pathname.replace(/\/+$/, '')}/api/${tenantId}`;
  return { mountPath, tenantId, issuer: `${base.origin}${mountPath}/v2.0` };
};

const REVOKED = 'revokedSessions';
const revokedRow = z.object({ validFrom: z.string() });

/** `POST /users/{id}/revokeSignInSessions`: tokens from sign-ins before now stop working (refresh included). */
export async function revokeSignInSessions(userId: string, now: Date): Promise<void> {
  await storage().table('OidcStore').upsertEntity({ partitionKey: REVOKED, rowKey: userId.toLowerCase(), validFrom: now.toISOString() }, 'Replace');
}

async function sessionsValidFrom(userId: string): Promise<Date | undefined> {
  const row = await readRow(storage().table('OidcStore'), revokedRow, 'revoked sessions', REVOKED, userId.toLowerCase());
  return row && new Date(row.value.validFrom);
}

const instanceKey = (name: string) => loadOrCreateInstanceKey(storage().table('Settings'), name);

let signIn: Promise<SignInDeps> | undefined;
export function signInDeps(): Promise<SignInDeps> {
  return (signIn ??= (async (): Promise<SignInDeps> => ({
    tenantId: settings().ORGANIZATION_TENANT_ID.toLowerCase(),
    pairwiseKey: await instanceKey('oidc-pairwise-subject'),
    users: {
      get: async (id) => (await userRepository().get(id))?.user,
      findIdByAddress: (address) => userRepository().findUserIdByAddress(address),
      sessionsValidFrom,
    },
    applications: applicationStore(),
    servicePrincipals: servicePrincipalStore(),
    assignmentsReaching: (userId, spId) => appRoleAssignmentsReaching(applicationDeps(), userId, spId),
    groupIdsOf: (userId) => groupModule().reader.groupIdsOf(userId),
    log: createTableSignInLog(storage().table('SignInLogs')),
    now: () => new Date(),
    newId: () => randomUUID(),
  }))().catch((error: unknown) => {
    signIn = undefined;
    throw error;
  }));
}

/**
 * The secret the provider itself checks for a confidential client: derived per deployment and
 * never shown. The function checks the secret a client presents against the application's hashed
 * secrets (`addPassword`) and passes this one on only when it matches.
 */
export async function providerClientSecret(appId: string): Promise<string> {
  return createHmac('sha256', await instanceKey('oidc-client-secret')).update(appId.toLowerCase()).digest('base64url');
}

/** Whether `secret` is a live client secret of the application. */
export async function clientSecretMatches(appId: string, secret: string): Promise<boolean> {
  const app = await applicationStore().findByAppId(appId);
  if (!app) return false;
  return liveSecrets(app, new Date()).some((p) => secretMatches(secret, p.secretHash));
}

async function clientMetadata(app: Application): Promise<Record<string, unknown>> {
  const confidential = app.passwordCredentials.length > 0 && app.webRedirectUris.length > 0;
  const native = app.webRedirectUris.length === 0 && app.spaRedirectUris.length === 0;
  return {
    client_id: app.appId,
    client_name: app.displayName,
    redirect_uris: redirectUrisOf(app),
    post_logout_redirect_uris: [...(app.logoutUrl ? [app.logoutUrl] : []), ...redirectUrisOf(app)],
    application_type: native ? 'native' : 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    subject_type: 'pairwise',
    token_endpoint_auth_method: confidential ? 'client_secret_post' : 'none',
    ...(confidential ? { client_secret: await providerClientSecret(app.appId) } : {}),
    [SPA_REDIRECT_URIS]: app.spaRedirectUris,
  };
}

/** The application whose API a resource names: by its identifier URI, or `api://<appId>` for an appId-qualified scope. */
async function resourceServer(resource: string): Promise<{ appId: string; scopes: PermissionScope[] } | undefined> {
  const byAppId = /^api:\/\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(resource)?.[1];
  const app = (await applicationStore().findByIdentifierUri(resource)) ?? (byAppId ? await applicationStore().findByAppId(byAppId) : undefined);
  return app && { appId: app.appId, scopes: app.oauth2PermissionScopes ?? [] };
}

const PROVIDER_REFRESH_MS = 10 * 60_000;
let built: { provider: Promise<ProviderHandle>; keysVersion: string; checkedAt: number } | undefined;

/** The provider, rebuilt when the signing key set changes (checked every 10 minutes). */
export async function openIdProvider(): Promise<ProviderHandle> {
  const now = Date.now();
  if (built && now - built.checkedAt < PROVIDER_REFRESH_MS) return built.provider;
  const keys = await loadSigningKeys(storage().table('SigningKeys'), new Date(now));
  if (built && built.keysVersion === keys.version) {
    built.checkedAt = now;
    return built.provider;
  }
  const { issuer, mountPath } = openIdBase();
  const cookieKey = Buffer.from(await instanceKey('oidc-cookies')).toString('base64url');
  const deps = await signInDeps();
  const provider = buildProvider({
    issuer,
    mountPath,
    keys: keys.keys,
    cookieKeys: [cookieKey],
    secureCookies: !(issuer.startsWith('http://') && isLoopbackUrl(issuer)),
    adapters: createTableOidcAdapters(storage().table('OidcStore'), {
      now: () => new Date(),
      async findClient(clientId) {
        const app = z.guid().safeParse(clientId).success ? await applicationStore().findByAppId(clientId) : undefined;
        return app && clientMetadata(app);
      },
    }),
    pairwiseSubject: (clientId, accountId) => pairwiseSubject(deps.pairwiseKey, clientId, accountId),
    claims: ({ amr, ...input }) => issueTokenClaims(deps, { ...input, identityProvider: amr.includes('fed') ? federationIssuer() : 'mail' }),
    resourceServer,
  });
  built = { provider, keysVersion: keys.version, checkedAt: now };
  provider.catch(() => (built = undefined));
  return provider;
}

/** The federated identity provider's issuer, when the deployment configures one. */
export const federationIssuer = (): string | undefined => settings().SIGN_IN_FEDERATION_ISSUER || undefined;

/** What the sign-in pages need. */
export async function interactionDeps(): Promise<InteractionDeps> {
  const deps = await signInDeps();
  const site = portalSite();
  const portal = portalSignInDeps();
  const cookieOf = (token: string) =>
    `${SESSION_COOKIE}=${token}; path=${site.sessionCookiePath}; max-age=${24 * 3600}; samesite=lax; httponly${site.secureCookies ? '; secure' : ''}`;
  const admit = async (email: string, clientId: string, ipAddress: string, federated: FederatedProof | undefined, mayConsent: boolean): Promise<Admission> => {
    const identityProvider = federated?.issuer ?? 'mail';
    const userId = await deps.users.findIdByAddress(email);
    const user = userId ? await deps.users.get(userId) : undefined;
    const outcome = user ? await issueTokenClaims(deps, { userId: user.id, appId: clientId, kind: 'idToken', identityProvider }) : { ok: false as const, refusal: accountRefusal({ user: undefined }) ?? 'unknownAccount' };
    if (!outcome.ok && outcome.refusal === 'notRedeemed' && user && mayConsent) {
      // Just-in-time redemption: the invited address itself was proved here; consent first.
      const pending = await previewSignInRedemption(invitationModule().deps, { guestId: user.id, email });
      if (pending.kind === 'consent') return { ok: 'consent', consent: { ...pending, organization: { ...pending.organization } } };
    }
    await recordSignIn(deps, {
      userId: user?.id ?? null,
      userDisplayName: user?.displayName ?? null,
      userPrincipalName: user?.userPrincipalName ?? null,
      appId: clientId,
      ipAddress,
      identityProvider,
      refusal: outcome.ok ? null : outcome.refusal,
    });
    if (!outcome.ok || !user) return { ok: false, refusal: outcome.ok ? 'unknownAccount' : outcome.refusal };
    if (federated) await recordFederatedIdentity(userDeps(), user.id, federated);
    return { ok: true, userId: user.id };
  };
  return {
    async session(cookieHeader) {
      const token = (cookieHeader ?? '').split(';').map((c) => c.trim().split('=')).find(([name]) => name === SESSION_COOKIE)?.[1];
      if (!token || !isWellFormedSecret(token)) return undefined;
      const session = await portal.sessions.read(hashSecret(token));
      if (!session || new Date(session.expiresAt) <= new Date()) return undefined;
      return { email: session.email, startedAt: new Date(session.createdAt), federated: session.federated };
    },
    sendCode: (email, clientKey, locale) => sendPasscode(portal, { email, clientKey, language: locale }),
    async verifyCode(email, code, clientKey) {
      const outcome = await verifyPasscode(portal, { email, code, clientKey });
      return outcome.ok ? { ok: true, setCookie: cookieOf(outcome.token) } : { ok: false };
    },
    admit: (email, clientId, ipAddress, federated) => admit(email, clientId, ipAddress, federated, true),
    async decide(email, clientId, ipAddress, federated, decision) {
      const userId = await deps.users.findIdByAddress(email);
      if (userId) await decideSignInRedemption(invitationModule().deps, { guestId: userId, email, decision });
      return admit(email, clientId, ipAddress, federated, false);
    },
    clientName: async (clientId) => (await applicationStore().findByAppId(clientId).catch(() => undefined))?.displayName ?? 'an application',
    federation: federationDeps(),
  };
}

const FEDERATION_STATE = 'FederationState';
const FEDERATION_RESULT = 'FederationResult';
const jsonRow = z.object({ value: z.string(), expiresAt: z.string() });

/** One-time rows in table `OidcStore` (state of a federated sign-in; its verified result), read once. */
async function takeRow(partition: string, key: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(key)) return undefined;
  const table = storage().table('OidcStore');
  const row = await readRow(table, jsonRow, 'federation row', partition, key);
  if (!row) return undefined;
  await table.deleteEntity(partition, key, { etag: row.etag }).catch(() => undefined);
  return new Date(row.value.expiresAt) > new Date() ? row.value.value : undefined;
}
const putRow = (partition: string, key: string, value: string, minutes: number) =>
  storage().table('OidcStore').createEntity({ partitionKey: partition, rowKey: key, value, expiresAt: new Date(Date.now() + minutes * 60_000).toISOString() });

let federationClient: Federation | null | undefined;
/** The deployment's federated identity provider, when configured (SIGN_IN_FEDERATION_*). */
export function federation(): Federation | undefined {
  if (federationClient !== undefined) return federationClient ?? undefined;
  const s = settings();
  if (!s.SIGN_IN_FEDERATION_ISSUER || !s.SIGN_IN_FEDERATION_CLIENT_ID) return (federationClient = null) ?? undefined;
  const { issuer, mountPath } = openIdBase();
  federationClient = createFederation(
    {
      issuer: s.SIGN_IN_FEDERATION_ISSUER,
      clientId: s.SIGN_IN_FEDERATION_CLIENT_ID,
      clientSecret: s.SIGN_IN_FEDERATION_CLIENT_SECRET,
      displayName: s.SIGN_IN_FEDERATION_NAME,
      redirectUri: `${new URL(issuer).origin}${mountPath}${FEDERATION_CALLBACK_PATH}`,
    },
    {
      put: (state, value) => putRow(FEDERATION_STATE, state, JSON.stringify(value), 30).then(() => undefined),
      take: async (state) => {
        const value = await takeRow(FEDERATION_STATE, state);
        return value ? (JSON.parse(value) as FederationState) : undefined;
      },
    },
  );
  return federationClient;
}

/** The callback's Set-Cookie for the shared sign-in session (redeem pages, My Access and the provider see it). */
export async function sessionCookieFor(email: string, federated?: FederatedProof): Promise<string> {
  const site = portalSite();
  const { token } = await openSession(portalSignInDeps(), email, federated);
  return `${SESSION_COOKIE}=${token}; path=${site.sessionCookiePath}; max-age=${24 * 3600}; samesite=lax; httponly${site.secureCookies ? '; secure' : ''}`;
}

/** Keeps a verified federated address (and who the partner says it is) for the sign-in page to pick up (5 minutes, once). */
export async function keepFederatedResult(email: string, subject: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await putRow(FEDERATION_RESULT, token, JSON.stringify({ email, subject }), 5);
  return token;
}

function federationDeps(): InteractionDeps['federation'] {
  const client = federation();
  if (!client) return undefined;
  const kept = z.object({ email: z.string(), subject: z.string() });
  return {
    displayName: client.displayName,
    issuer: client.issuer,
    start: (uid) => client.start({ uid }),
    async takeResult(token) {
      const value = await takeRow(FEDERATION_RESULT, token);
      const parsed = value === undefined ? undefined : kept.safeParse(JSON.parse(value));
      return parsed?.success ? { ...parsed.data, issuer: client.issuer } : undefined;
    },
  };
}

/** Deletes sign-ins of months past the retention window (SIGN_IN_RETENTION_MONTHS), 5,000 at a time (the hourly `sweepSignInState`). */
export const sweepSignInLog = async (now = new Date()): Promise<number> => (await signInDeps()).log.deleteMonthsBefore(oldestMonth(now, undefined), 5_000);

/** Deletes expired provider rows, 5,000 at a time (the hourly `sweepSignInState`). */
export const sweepProviderState = (): Promise<number> => sweepOidcStore(storage().table('OidcStore'), new Date(), 5_000);
