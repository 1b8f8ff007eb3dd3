import { Failure } from '../errors';
import { checkPermissionScopes, type PermissionScope } from './exposed-api';
import { checkAppRoles, removedAppRoles, type AppRole } from './service-principal';

/**
 * App registrations (Graph `application`): the parts applications need to sign people in through
 * Gatehouse's OpenID provider. The service principal created from an `appId` is where users are
 * assigned; the application is where redirect URIs, roles and credentials are declared.
 */

/** Graph `groupMembershipClaims`: which groups the `groups` claim carries. */
export type GroupMembershipClaims = 'None' | 'SecurityGroup' | 'All' | 'DirectoryRole' | 'ApplicationGroup';

/** One optional claim (Graph `optionalClaim`); Gatehouse honours `email` and `upn`. */
export interface OptionalClaim {
  name: string;
  source: string | null;
  essential: boolean;
  additionalProperties: string[];
}

export interface OptionalClaims {
  idToken: OptionalClaim[];
  accessToken: OptionalClaim[];
  saml2Token: OptionalClaim[];
}

/** A resource and the permissions the application asks for on it (kept and returned; Gatehouse grants none itself). */
export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: 'Scope' | 'Role' }[];
}

/** A client secret: the secret text exists only in the `addPassword` answer; the hash is kept. */
export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  /** The first three characters, as Graph returns them. */
  hint: string;
  secretHash: string;
  startAt: Date;
  endAt: Date;
}

export interface Application {
  id: string;
  appId: string;
  displayName: string;
  description: string | null;
  signInAudience: string;
  identifierUris: string[];
  appRoles: AppRole[];
  webRedirectUris: string[];
  /** Web platform: where the provider sends a user after sign-out. */
  logoutUrl: string | null;
  spaRedirectUris: string[];
  publicClientRedirectUris: string[];
  requiredResourceAccess: RequiredResourceAccess[];
  groupMembershipClaims: GroupMembershipClaims | null;
  optionalClaims: OptionalClaims | null;
  /** The delegated permissions of the application's own API (absent in registrations stored before it existed). */
  oauth2PermissionScopes?: PermissionScope[];
  passwordCredentials: PasswordCredential[];
  createdAt: Date;
  /** Set while the application is in the recycle bin. */
  deletedAt: Date | null;
}

/** What create and `PATCH` may set. */
export type ApplicationInput = Partial<Omit<Application, 'id' | 'appId' | 'passwordCredentials' | 'createdAt' | 'deletedAt'>>;

/** Graph's limits on a client secret's lifetime: two years by default. */
export const DEFAULT_SECRET_DAYS = 730;

const redirectUri = (uri: string, kind: 'web' | 'spa' | 'publicClient'): boolean => {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash) return false;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (kind === 'publicClient') return url.protocol !== 'javascript:';
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
};

/** Refuses what Entra refuses on redirect URIs and roles; returns the input unchanged otherwise. */
export function checkApplication(app: Pick<Application, 'webRedirectUris' | 'spaRedirectUris' | 'publicClientRedirectUris' | 'appRoles' | 'identifierUris' | 'oauth2PermissionScopes'>): void {
  const kinds = [
    ['web.redirectUris', app.webRedirectUris, 'web'],
    ['spa.redirectUris', app.spaRedirectUris, 'spa'],
    ['publicClient.redirectUris', app.publicClientRedirectUris, 'publicClient'],
  ] as const;
  for (const [target, uris, kind] of kinds) {
    uris.forEach((uri, index) => {
      if (!redirectUri(uri, kind)) {
        throw new Failure('validationFailed', `Invalid redirect URI: ${kind === 'publicClient' ? 'not a URI' : 'must be https (http only on loopback) without a fragment'}.`, { details: [{ target: `${target}.${index}`, message: 'invalid redirect URI' }] });
      }
    });
  }
  const identifiers = new Set<string>();
  app.identifierUris.forEach((uri, index) => {
    if (!/^[a-z][a-z0-9+.-]*:\/\/?\S+$/i.test(uri) || identifiers.has(uri.toLowerCase())) {
      throw new Failure('validationFailed', 'identifierUris must be distinct absolute URIs (api://…, https://…).', { details: [{ target: `identifierUris.${index}`, message: 'invalid identifier URI' }] });
    }
    identifiers.add(uri.toLowerCase());
  });
  checkAppRoles(app.appRoles);
  checkPermissionScopes(app.oauth2PermissionScopes ?? []);
}

/** Applies a `PATCH`, with Entra's rule on app roles (an enabled role must be disabled before it changes). */
export function changeApplication(before: Application, changes: ApplicationInput): Application {
  if (changes.appRoles) removedAppRoles(before.appRoles, changes.appRoles);
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ApplicationInput;
  const after: Application = { ...before, ...defined };
  checkApplication(after);
  return after;
}

/** Every redirect URI the application registered, across platforms. */
export const redirectUrisOf = (app: Application): string[] => [...app.webRedirectUris, ...app.spaRedirectUris, ...app.publicClientRedirectUris];

/** The live secrets (started, not yet ended) at `now`. */
export const liveSecrets = (app: Application, now: Date): PasswordCredential[] => app.passwordCredentials.filter((p) => p.startAt <= now && now < p.endAt);
