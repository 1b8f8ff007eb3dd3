import { Failure } from '../domain/errors';
import type { GuestAccount, GuestAccounts, InvitationPolicies, NewGuest, OrganizationView } from '../domain/invitations/ports';
import type { Organization } from '../domain/organization';
import { defaultAuthorizationPolicy, type AuthorizationPolicy } from '../domain/policies/authorization-policy';
import { loadOrSeed, type DocumentStore } from '../domain/policies/document-store';
import { defaultInvitationDomainPolicy, type InvitationDomainPolicy } from '../domain/policies/invitation-domain-policy';
import { createUser, createUserLeavingConsequences, finishPendingChange, type CreateUserInput } from '../domain/users/create-user';
import type { AuditInitiator } from '../domain/audit';
import { findUserByEmail } from '../domain/users/find-user';
import type { UserDeps } from '../domain/users/ports';
import { commitUserChange, requireLiveUser } from '../domain/users/update-user';
import type { User } from '../domain/users/user';
import type { CachedDocumentStore } from './cached-document-store';

const toAccount = (user: User): GuestAccount => ({
  id: user.id,
  userType: user.userType,
  userPrincipalName: user.userPrincipalName,
  displayName: user.displayName,
  mail: user.mail,
  otherMails: [...user.otherMails],
  accountEnabled: user.accountEnabled,
  creationType: user.creationType,
  externalUserState: user.externalUserState,
  preferredLanguage: user.preferredLanguage,
});

/** How a guest is created in the users module. */
function createInput(guest: NewGuest, by: AuditInitiator): CreateUserInput {
  return {
    id: guest.id,
    userType: guest.userType,
    creationType: 'Invitation',
    externalUserState: 'PendingAcceptance',
    initiatedBy: by,
    profile: {
      ...guest.profile,
      displayName: guest.displayName,
      userPrincipalName: guest.userPrincipalName,
      mailNickname: guest.userPrincipalName.slice(0, guest.userPrincipalName.indexOf('@')),
      accountEnabled: true,
      mail: guest.email,
    },
  };
}

/**
 * `GuestAccounts` over the users module: guests are created by `createUser` (same validation,
 * address uniqueness, audit and observers as POST /users) and their state changes go through
 * `commitUserChange` with the user's ETag.
 */
export function createUserModuleGuestAccounts(userDeps: () => UserDeps): GuestAccounts {
  return {
    async findByEmail(email) {
      const user = await findUserByEmail(userDeps(), email);
      return user ? toAccount(user) : undefined;
    },

    async get(id) {
      const stored = await userDeps().users.get(id);
      return stored && !stored.user.deletedAt ? toAccount(stored.user) : undefined;
    },

    async createGuest(guest, by) {
      return toAccount(await createUser(userDeps(), createInput(guest, by)));
    },

    async createGuestLeavingConsequences(guest, by) {
      const created = await createUserLeavingConsequences(userDeps(), createInput(guest, by));
      return { guest: toAccount(created.user), audit: created.audit, pending: created.pending };
    },

    finishGuest: (id) => finishPendingChange(userDeps(), id),

    async setExternalUserState(id, state, by) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const deps = userDeps();
        const stored = await requireLiveUser(deps, id);
        if (stored.user.externalUserState === state) return;
        const after: User = { ...stored.user, externalUserState: state, externalUserStateChangeAt: deps.now() };
        try {
          await commitUserChange(deps, stored, after, {
            activity: 'Update user',
            initiatedBy: by,
            modified: [{ displayName: 'externalUserState', oldValue: JSON.stringify(stored.user.externalUserState), newValue: JSON.stringify(state) }],
          });
          return;
        } catch (error) {
          if (!(error instanceof Failure && error.code === 'preconditionFailed')) throw error;
        }
      }
      throw new Failure('conflict', 'The user is being changed by other requests. Try again.');
    },
  };
}

/** A document read fresh (`DocumentStore`) or from a worker's short-lived copy (`CachedDocumentStore`). */
const currentOf = <T>(store: DocumentStore<T> | CachedDocumentStore<T>, seed: () => T): Promise<T> =>
  'current' in store ? store.current(seed) : loadOrSeed(store, seed).then((stored) => stored.value);

/**
 * `InvitationPolicies` over the settings documents (each seeded on first read). Stores with a
 * read cache answer from it: every invitation checks all three documents, which change rarely, so
 * a change made on another instance applies here within SETTINGS_CACHE_MS.
 */
export function createDocumentInvitationPolicies(stores: {
  organization: DocumentStore<Organization> | CachedDocumentStore<Organization>;
  organizationSeed(): Organization;
  authorizationPolicy: DocumentStore<AuthorizationPolicy> | CachedDocumentStore<AuthorizationPolicy>;
  domainPolicy: DocumentStore<InvitationDomainPolicy> | CachedDocumentStore<InvitationDomainPolicy>;
}): InvitationPolicies {
  return {
    async allowInvitesFrom() {
      return (await currentOf(stores.authorizationPolicy, defaultAuthorizationPolicy)).allowInvitesFrom;
    },
    async domainPolicy() {
      const { allowedDomains, blockedDomains } = await currentOf(stores.domainPolicy, defaultInvitationDomainPolicy);
      return { allowedDomains, blockedDomains };
    },
    async organization(): Promise<OrganizationView> {
      const org = await currentOf(stores.organization, stores.organizationSeed);
      const initial = org.verifiedDomains.find((d) => d.isInitial) ?? org.verifiedDomains[0];
      const defaultDomain = org.verifiedDomains.find((d) => d.isDefault) ?? initial;
      if (!initial || !defaultDomain) throw new Error('The organization has no verified domain');
      return {
        displayName: org.displayName,
        initialDomain: initial.name,
        defaultDomain: defaultDomain.name,
        verifiedDomains: org.verifiedDomains.map((d) => d.name.toLowerCase()),
        privacyStatementUrl: org.privacyProfile.statementUrl,
        privacyContactEmail: org.privacyProfile.contactEmail,
        preferredLanguage: org.preferredLanguage,
        invitationValidity: org.invitationValidity,
        reminderSchedule: [...org.invitationReminderSchedule],
      };
    },
  };
}
