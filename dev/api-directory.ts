import type { DevIssuer } from './dev-issuer';
import type { AccountDirectory, DirectoryAccount } from './openid-provider';

/**
 * The local OpenID provider's view of the directory: the running API, called with an app-only dev
 * token (Directory.Read.All), so the sign-in page lists exactly the users the instance holds.
 */
export function createApiDirectory(hostUrl: string, issuer: DevIssuer): AccountDirectory {
  const get = async (path: string): Promise<Response> => {
    const token = await issuer.signToken({ roles: ['Directory.Read.All'], expiresInSeconds: 300 });
    return fetch(`${hostUrl}/api/v1.0/${path}`, { headers: { authorization: `Bearer ${token}` } });
  };
  const select = '$select=id,displayName,userPrincipalName,mail,userType';
  return {
    async list(search) {
      const term = search.trim().replace(/'/g, "''");
      const filter = term ? `&$filter=${encodeURIComponent(`startsWith(displayName,'${term}') or startsWith(userPrincipalName,'${term}') or startsWith(mail,'${term}')`)}` : '';
      const res = await get(`users?$top=50&${select}${filter}`);
      if (!res.ok) throw new Error(`the directory answered ${res.status}`);
      return ((await res.json()) as { value: DirectoryAccount[] }).value;
    },
    async get(id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      const res = await get(`users/${id}?${select}`);
      return res.ok ? ((await res.json()) as DirectoryAccount) : undefined;
    },
  };
}
