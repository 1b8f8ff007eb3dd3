import { Failure, type ErrorDetail } from '../errors';
import { isCountryCode } from './countries';
import { identityKey, type User } from './user';

// Graph: UPN local parts allow A-Z a-z 0-9 ' . - _ ! # ^ ~ (the '#' carries guests' #EXT#).
const UPN = /^([A-Za-z0-9'._!#^~-]{1,113})@([A-Za-z0-9.-]{1,255})$/;
const EMAIL = /^[^\s@"<>()[\]\\,;:]{1,64}@(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
const MAX_OTHER_MAILS = 250;

/** Checks what the schema at the boundary cannot: UPN domain, address shapes, country, language. */
export function validateUser(user: User, verifiedDomains: readonly string[]): void {
  const details: ErrorDetail[] = [];
  const upn = UPN.exec(user.userPrincipalName);
  if (!upn || upn[1]!.startsWith('.') || upn[1]!.endsWith('.')) {
    details.push({ target: 'userPrincipalName', message: "must be alias@domain using only A-Z a-z 0-9 ' . - _ ! # ^ ~ in the alias" });
  } else if (!verifiedDomains.includes(upn[2]!.toLowerCase())) {
    details.push({ target: 'userPrincipalName', message: `the domain '${upn[2]}' is not a verified domain of this organization` });
  }
  if (user.mail !== null && !EMAIL.test(user.mail)) details.push({ target: 'mail', message: 'must be an email address' });
  if (user.otherMails.length > MAX_OTHER_MAILS) details.push({ target: 'otherMails', message: `at most ${MAX_OTHER_MAILS} addresses` });
  user.otherMails.forEach((m, i) => {
    if (!EMAIL.test(m)) details.push({ target: `otherMails[${i}]`, message: 'must be an email address' });
  });
  if (user.usageLocation !== null && !isCountryCode(user.usageLocation)) {
    details.push({ target: 'usageLocation', message: 'must be an ISO 3166-1 alpha-2 country code such as US or NL' });
  }
  if (user.preferredLanguage !== null && !LANGUAGE.test(user.preferredLanguage)) {
    details.push({ target: 'preferredLanguage', message: 'must be a culture code such as en-US' });
  }
  validateIdentities(user, details);
  if (user.userType === 'Member' && user.externalUserState === null && user.userPrincipalName.includes('#EXT#')) {
    details.push({ target: 'userPrincipalName', message: '#EXT# is reserved for external users' });
  }
  if (details.length > 0) {
    throw new Failure('validationFailed', `Invalid value specified for property '${details[0]!.target}' of resource 'User'.`, { details });
  }
}

/**
 * Graph's rules for `identities`: an `emailAddress` identity names an email address, a `userName`
 * one starts with a letter or digit; the `userPrincipalName` sign-in follows the user's own UPN
 * (set that property instead); one issuer + issuerAssignedId pair at most once.
 */
function validateIdentities(user: User, details: ErrorDetail[]): void {
  const seen = new Set<string>();
  user.identities.forEach((identity, i) => {
    const target = `identities[${i}]`;
    const type = identity.signInType.toLowerCase();
    if (type === 'userprincipalname') details.push({ target: `${target}.signInType`, message: 'the userPrincipalName sign-in follows the userPrincipalName property; set that instead' });
    if (type.startsWith('emailaddress') && !EMAIL.test(identity.issuerAssignedId)) details.push({ target: `${target}.issuerAssignedId`, message: 'must be an email address for an emailAddress identity' });
    if (type === 'username' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(identity.issuerAssignedId)) details.push({ target: `${target}.issuerAssignedId`, message: 'must start with a letter or digit and hold only letters, digits, - . _' });
    const key = identityKey(identity);
    if (seen.has(key)) details.push({ target: `${target}.issuerAssignedId`, message: 'the same issuer and issuerAssignedId appear twice' });
    seen.add(key);
  });
}
