import { Failure } from '../errors';
import type { DocumentStore } from '../policies/document-store';
import { createUser } from './create-user';
import { federatedIdentity } from './link-sign-in';
import type { UserDeps } from './ports';

/** The deployment's first administrator: their object id at the trusted issuer and their mail. */
export interface FirstAdministrator {
  objectId: string;
  mail: string;
}

/**
 * Written before the seed starts and completed after it: a crash in between resumes with the same
 * user id; once completed the seed never runs again, so deleting that administrator is final.
 */
export interface FirstAdministratorRecord {
  objectId: string;
  userId: string;
  completed: boolean;
}

export interface SeedFirstAdministratorDeps {
  users: UserDeps;
  record: DocumentStore<FirstAdministratorRecord>;
  /** Gives the user Global Administrator; an existing assignment counts as done. */
  assignGlobalAdministrator(userId: string): Promise<void>;
  /** The organization's initial domain (the UPN's domain when the mail's is not verified). */
  initialDomain: string;
}

/**
 * At the first sign-in of the person the deployment names (FIRST_ADMINISTRATOR_*), creates them as
 * a member linked by identity (issuer + object id) and makes them Global Administrator. Returns the
 * directory user id, or undefined when this token is not theirs or the seed already ran.
 */
export async function seedFirstAdministrator(
  deps: SeedFirstAdministratorDeps,
  admin: FirstAdministrator,
  claims: { issuer: string; objectId: string },
): Promise<string | undefined> {
  if (claims.objectId.toLowerCase() !== admin.objectId.toLowerCase()) return undefined;
  const record = (await deps.record.read()) ?? (await deps.record.insertIfAbsent({ objectId: admin.objectId.toLowerCase(), userId: deps.users.newId(), completed: false }));
  if (record.value.completed || record.value.objectId !== admin.objectId.toLowerCase()) return undefined;

  const [local = 'admin', domain = ''] = admin.mail.split('@');
  const verified = await deps.users.verifiedDomains();
  const nick = local.replace(/[^A-Za-z0-9'._!#^~-]/g, '').slice(0, 64) || 'admin';
  const upn = verified.includes(domain.toLowerCase()) ? admin.mail : `${nick}@${deps.initialDomain}`;
  try {
    await createUser(deps.users, {
      id: record.value.userId,
      profile: { displayName: local, mail: admin.mail, mailNickname: nick, userPrincipalName: upn, accountEnabled: true, identities: [federatedIdentity(claims)] },
      userType: 'Member',
      creationType: null,
      externalUserState: null,
      initiatedBy: { kind: 'system', name: 'first administrator (deployment setting)' },
    });
  } catch (error) {
    if (!(error instanceof Failure && error.code === 'conflict')) throw error;
    // Either a concurrent first sign-in wrote this very user, or the mail or UPN is someone
    // else's: an operator has to sort that out, and nobody is let in.
    if (!(await deps.users.users.get(record.value.userId))) return undefined;
  }
  await deps.assignGlobalAdministrator(record.value.userId);
  try {
    await deps.record.replace({ ...record.value, completed: true }, record.etag);
  } catch (error) {
    // A concurrent first sign-in completed it.
    if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
  }
  return record.value.userId;
}
