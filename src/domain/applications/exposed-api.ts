import { Failure } from '../errors';

/**
 * An application's own API (Graph `api.oauth2PermissionScopes`): the delegated permissions a
 * client may ask for as `<identifier URI>/<value>` (`api://…/Files.Read`), and which Gatehouse's
 * provider puts in the `scp` claim of an access token whose audience is the API.
 */
export interface PermissionScope {
  id: string;
  value: string;
  type: 'User' | 'Admin';
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string | null;
  userConsentDescription: string | null;
  isEnabled: boolean;
}

/** Entra's rules: ids and values unique within the application, values without spaces. */
export function checkPermissionScopes(scopes: readonly PermissionScope[]): void {
  const ids = new Set<string>();
  const values = new Set<string>();
  scopes.forEach((scope, index) => {
    const id = scope.id.toLowerCase();
    const value = scope.value.toLowerCase();
    if (ids.has(id) || values.has(value) || /\s/.test(scope.value) || scope.value.startsWith('.')) {
      throw new Failure('validationFailed', 'api.oauth2PermissionScopes must have distinct ids and distinct values without spaces.', { details: [{ target: `api.oauth2PermissionScopes.${index}`, message: 'invalid permission scope' }] });
    }
    ids.add(id);
    values.add(value);
  });
}

/** A requested scope that names an API: `<resource>/<name>`, where the resource is an identifier URI or an appId. */
export interface ApiScopeRequest {
  /** `api://…` or `https://…` as the client wrote it, or `api://<appId>` for an appId-qualified scope. */
  resource: string;
  name: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API part of a scope value, or undefined for a plain scope (`openid`, `profile`). */
export function apiScopeOf(scope: string): ApiScopeRequest | undefined {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0 || slash === scope.length - 1) return undefined;
  const resource = scope.slice(0, slash);
  const name = scope.slice(slash + 1);
  if (GUID.test(resource)) return { resource: `api://${resource.toLowerCase()}`, name };
  return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(resource) ? { resource, name } : undefined;
}

/** The values a granted scope list stands for: `.default` means every enabled scope of the API. */
export function grantedScopeValues(names: readonly string[], exposed: readonly PermissionScope[]): string[] {
  const enabled = exposed.filter((s) => s.isEnabled).map((s) => s.value);
  if (names.includes('.default')) return enabled;
  return enabled.filter((value) => names.some((n) => n.toLowerCase() === value.toLowerCase()));
}
