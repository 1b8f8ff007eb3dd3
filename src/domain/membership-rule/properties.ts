/**
 * The user properties a membership rule may read, and what kind of value each holds. Adding a
 * property is one line here; the parser, evaluator and printer all follow this table.
 */

/** How a property is compared: text, a flag, or a multi-valued list of texts. */
export type PropertyKind = 'string' | 'boolean' | 'stringCollection';

/** Property names in their Graph spelling, which is also how the printer writes them. */
export const USER_PROPERTIES = {
  accountEnabled: 'boolean',
  city: 'string',
  companyName: 'string',
  country: 'string',
  creationType: 'string',
  department: 'string',
  displayName: 'string',
  employeeId: 'string',
  externalUserState: 'string',
  givenName: 'string',
  jobTitle: 'string',
  mail: 'string',
  mailNickname: 'string',
  otherMails: 'stringCollection',
  preferredLanguage: 'string',
  state: 'string',
  surname: 'string',
  usageLocation: 'string',
  userPrincipalName: 'string',
  userType: 'string',
} as const satisfies Record<string, PropertyKind>;

/** A property a rule may name after `user.`. */
export type UserPropertyName = keyof typeof USER_PROPERTIES;

type ValueOf<K extends PropertyKind> = K extends 'boolean' ? boolean : K extends 'string' ? string : readonly string[];

/**
 * The user a rule is evaluated against. Missing, `null` and empty-string values all count as
 * null, as they do in Entra, where an empty attribute is stored as no value.
 */
export type RuleSubject = {
  readonly [K in UserPropertyName]?: ValueOf<(typeof USER_PROPERTIES)[K]> | null;
};

const BY_LOWERCASE_NAME: ReadonlyMap<string, UserPropertyName> = new Map(
  (Object.keys(USER_PROPERTIES) as UserPropertyName[]).map((name) => [name.toLowerCase(), name]),
);

/** The property a rule names, matched case-insensitively (`user.Department` is `department`). */
export function findUserProperty(name: string): UserPropertyName | undefined {
  return BY_LOWERCASE_NAME.get(name.toLowerCase());
}

/** The kind of a known property. */
export function propertyKind(name: UserPropertyName): PropertyKind {
  return USER_PROPERTIES[name];
}
