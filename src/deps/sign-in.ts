/** Which directory user a delegated token speaks for: identity links and the first administrator. */
import { z } from 'zod';
import { Failure } from '../domain/errors';
import { DIRECTORY_ROLE_TEMPLATE_IDS, type Principal } from '../domain/principal';
import { assignDirectoryRole } from '../domain/roles';
import { linkSignIn } from '../domain/users/link-sign-in';
import { seedFirstAdministrator, type FirstAdministratorRecord } from '../domain/users/seed-first-administrator';
import { createTableDocumentStore } from '../storage/policy-document-store';
import { settings, storage } from './core';
import { roleDeps, userDeps } from './directory';

const firstAdministratorRecord: z.ZodType<FirstAdministratorRecord> = z.object({ objectId: z.string(), userId: z.string(), completed: z.boolean() });

// A resolved link is read on every request of that person; a minute of memory spares the two reads.
const CACHE_MS = 60_000;
const cache = new Map<string, { userId: string; until: number }>();

// One resolution per person at a time in this instance: a burst of first requests links or seeds once.
const inFlight = new Map<string, Promise<string | undefined>>();
function resolveOnce(key: string, objectId: string, verifiedEmail: string | undefined): Promise<string | undefined> {
  let pending = inFlight.get(key);
  if (!pending) {
    pending = resolve(objectId, verifiedEmail).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function resolve(objectId: string, verifiedEmail: string | undefined): Promise<string | undefined> {
  const s = settings();
  const claims = { issuer: s.AUTH_ISSUER, objectId, verifiedEmail };
  const linked = await linkSignIn(userDeps(), claims);
  if (linked || !s.FIRST_ADMINISTRATOR_OBJECT_ID) return linked;
  return seedFirstAdministrator(
    {
      users: userDeps(),
      record: createTableDocumentStore(storage().table('TenantSettings'), 'firstAdministrator', firstAdministratorRecord),
      initialDomain: s.ORGANIZATION_INITIAL_DOMAIN,
      async assignGlobalAdministrator(userId) {
        try {
          await assignDirectoryRole(roleDeps(), {
            principalId: userId,
            roleDefinitionId: DIRECTORY_ROLE_TEMPLATE_IDS['Global Administrator'],
            actor: { kind: 'system', name: 'first administrator (deployment setting)' },
          });
        } catch (error) {
          // Already assigned (a resumed seed).
          if (!(error instanceof Failure && error.code === 'validationFailed')) throw error;
        }
      },
    },
    { objectId: s.FIRST_ADMINISTRATOR_OBJECT_ID, mail: s.FIRST_ADMINISTRATOR_MAIL },
    claims,
  );
}

/**
 * The principal with `userId` set to the directory user the token speaks for (see `linkSignIn`);
 * a token that maps to nobody keeps its `oid`, which holds no role and is refused where roles count.
 */
export async function withDirectoryUser(principal: Principal): Promise<Principal> {
  if (principal.kind !== 'user') return principal;
  const key = `${principal.userId.toLowerCase()} ${principal.verifiedEmail?.toLowerCase() ?? ''}`;
  const hit = cache.get(key);
  const now = Date.now();
  let userId = hit && hit.until > now ? hit.userId : undefined;
  if (!userId) {
    userId = await resolveOnce(key, principal.userId, principal.verifiedEmail);
    if (userId) {
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { userId, until: now + CACHE_MS });
    }
  }
  return userId && userId !== principal.userId ? { ...principal, userId } : principal;
}
