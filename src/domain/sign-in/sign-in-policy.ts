import type { User } from '../users/user';

/**
 * Who may sign in to an application through Gatehouse's OpenID provider, decided again at every
 * token (authorization code and refresh): a live, enabled account, a guest who has redeemed, and
 * an assignment when the enterprise application requires one.
 */
export type SignInRefusal = 'unknownAccount' | 'accountDisabled' | 'notRedeemed' | 'notAssigned' | 'noServicePrincipal' | 'sessionRevoked';

/** The failure reasons as the sign-in log writes them (Entra's error codes where one exists). */
export const REFUSAL_REASONS: Record<SignInRefusal, { errorCode: number; failureReason: string }> = {
  unknownAccount: { errorCode: 50034, failureReason: 'The user account does not exist in the directory.' },
  accountDisabled: { errorCode: 50057, failureReason: 'The user account is disabled.' },
  notRedeemed: { errorCode: 90072, failureReason: 'The guest has not redeemed the invitation yet.' },
  notAssigned: { errorCode: 50105, failureReason: 'The signed in user is not assigned to a role for the application.' },
  noServicePrincipal: { errorCode: 700016, failureReason: 'The application has no enterprise application (service principal) in the directory.' },
  sessionRevoked: { errorCode: 50173, failureReason: 'The refresh token was revoked (sessions revoked, password or account changed).' },
};

export interface SignInSubject {
  user: Pick<User, 'id' | 'accountEnabled' | 'deletedAt' | 'userType' | 'externalUserState'> | undefined;
  /** Sessions revoked at this time; tokens issued to a session that began before it are refused. */
  sessionsValidFrom?: Date | undefined;
}

/** Whether the account may get a token, whatever the application. */
export function accountRefusal(subject: SignInSubject, authenticatedAt?: Date): SignInRefusal | undefined {
  const user = subject.user;
  if (!user || user.deletedAt !== null) return 'unknownAccount';
  if (!user.accountEnabled) return 'accountDisabled';
  if (user.userType === 'Guest' && user.externalUserState === 'PendingAcceptance') return 'notRedeemed';
  if (authenticatedAt && subject.sessionsValidFrom && authenticatedAt < subject.sessionsValidFrom) return 'sessionRevoked';
  return undefined;
}

/** Whether the application admits the account: assignment required means at least one (direct or through a group). */
export function applicationRefusal(servicePrincipal: { appRoleAssignmentRequired: boolean } | undefined, assignmentCount: number): SignInRefusal | undefined {
  if (!servicePrincipal) return 'noServicePrincipal';
  if (servicePrincipal.appRoleAssignmentRequired && assignmentCount === 0) return 'notAssigned';
  return undefined;
}
