import type { EmailData } from '../../mail/message';
import type { Subject } from '../requests/model';
import type { RequestDeps, RequestUser } from '../requests/ports';

/**
 * What every request-side mail repeats (the organization, the package, the recipient and their
 * language), read once per mail so the sender never has to read the directory again.
 */

export type MailOrganization = EmailData<'requestDenied'>['organization'];

export interface MailContext {
  organization: MailOrganization;
  /** The organization's language: the fallback when a recipient has none. */
  language: string;
}

export async function mailContext(deps: Pick<RequestDeps, 'site'>): Promise<MailContext> {
  const org = await deps.site.organization();
  return {
    organization: { displayName: org.displayName, domain: org.defaultDomain, privacyStatementUrl: org.privacyStatementUrl, privacyContactEmail: org.privacyContactEmail },
    language: org.preferredLanguage,
  };
}

/** The package as mails show it; a package deleted meanwhile is shown by id rather than failing the mail. */
export async function packageForMail(deps: Pick<RequestDeps, 'packages'>, accessPackageId: string): Promise<{ displayName: string; description: string | null }> {
  const pkg = (await deps.packages.get(accessPackageId))?.value;
  return { displayName: pkg?.displayName ?? accessPackageId, description: pkg?.description ?? null };
}

export interface MailRecipient {
  address: string;
  displayName: string | undefined;
  language: string;
}

/** A directory user as a recipient; undefined when the user is gone or has no mail address. */
export function userRecipient(user: RequestUser | undefined, context: MailContext): MailRecipient | undefined {
  if (!user?.mail) return undefined;
  return { address: user.mail, displayName: user.displayName?.trim() || undefined, language: user.preferredLanguage ?? context.language };
}

/** The person a request is for: their directory user when they have one, else the address they gave. */
export async function targetRecipient(deps: Pick<RequestDeps, 'people'>, target: Subject, context: MailContext): Promise<MailRecipient | undefined> {
  const user = target.objectId ? await deps.people.user(target.objectId) : undefined;
  const fromUser = userRecipient(user, context);
  if (fromUser) return fromUser;
  if (!target.email) return undefined;
  return { address: target.email, displayName: target.displayName?.trim() || undefined, language: context.language };
}
