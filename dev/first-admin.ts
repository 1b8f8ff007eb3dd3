import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DIRECTORY_ROLE_TEMPLATE_IDS } from '../src/domain/principal';
import type { DevIssuer } from './dev-issuer';

/** The directory user `npm start` makes Global Administrator, so the console can be used at once. */
export type SeededAdmin = { id: string; displayName: string; userPrincipalName: string };

/** Where `npm start` records what it runs, for `npm run token` (in the `.dev` folder). */
export const runtimeFile = (env: Record<string, string | undefined> = process.env) => join(env['GATEHOUSE_DEV_DIR'] || '.dev', 'runtime.json');

/**
 * Creates `admin@<initial domain>` (once; a persisted directory keeps it) and assigns it Global
 * Administrator, through the public API with an app-only dev token, as a script would.
 */
export async function seedFirstAdministrator(hostUrl: string, issuer: DevIssuer, domain: string): Promise<SeededAdmin> {
  const token = await issuer.signToken({ roles: ['User.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All'], expiresInSeconds: 300 });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${hostUrl}/api/v1.0/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok && res.status !== 409) throw new Error(`seeding the first administrator: ${method} ${path} answered ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const upn = `admin@${domain}`;
  const found = (await call('GET', `users?$filter=${encodeURIComponent(`userPrincipalName eq '${upn}'`)}`))['value'] as SeededAdmin[] | undefined;
  const admin =
    found?.[0] ??
    ((await call('POST', 'users', {
      accountEnabled: true,
      displayName: 'Gatehouse Administrator',
      mailNickname: 'admin',
      userPrincipalName: upn,
      mail: upn,
      passwordProfile: { password: `Local-${randomUUID()}` },
    })) as SeededAdmin);
  await call('POST', 'roleManagement/directory/roleAssignments', {
    principalId: admin.id,
    roleDefinitionId: DIRECTORY_ROLE_TEMPLATE_IDS['Global Administrator'],
    directoryScopeId: '/',
  });
  return { id: admin.id, displayName: admin.displayName, userPrincipalName: admin.userPrincipalName };
}

/** Writes `.dev/runtime.json` (issuer, audience, URLs); the returned function removes it at stop. */
export async function recordRuntime(info: Record<string, string | number>): Promise<() => Promise<void>> {
  const file = runtimeFile();
  await writeFile(file, `${JSON.stringify(info, null, 2)}\n`);
  return () => rm(file, { force: true });
}
