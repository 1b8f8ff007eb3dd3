import { Failure } from '../errors';
import { describeRuleProperties, parseMembershipRule, type RuleAst, type UserPropertyName } from '../membership-rule';

/**
 * `Unified`: a Microsoft 365 group (membership, owners and visibility; Gatehouse keeps no mailbox,
 * conversations or files for it). `DynamicMembership`: members decided by `membershipRule`.
 */
export type GroupType = 'Unified' | 'DynamicMembership';
export type MembershipRuleProcessingState = 'On' | 'Paused';
export type GroupVisibility = 'Public' | 'Private' | 'HiddenMembership';

/** Properties Graph lets clients write that Gatehouse keeps and returns without acting on them (absent reads as null). */
export interface GroupLabels {
  classification?: string | null;
  preferredDataLocation?: string | null;
  preferredLanguage?: string | null;
  theme?: string | null;
}

/** A security group or Microsoft 365 group of the directory. */
export interface Group extends GroupLabels {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  /** True exactly for Microsoft 365 (`Unified`) groups, as Graph requires; no mail is delivered. */
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: GroupType[];
  /** Microsoft 365 groups: `Public` by default; null for security groups unless set. */
  visibility?: GroupVisibility | null;
  /** Set at creation only; such a group can hold directory roles and has no nested groups. */
  isAssignableToRole?: boolean | null;
  /** Set exactly when the group is dynamic. */
  membershipRule: string | null;
  /** `On` or `Paused` for a dynamic group, null for an assigned one. */
  membershipRuleProcessingState: MembershipRuleProcessingState | null;
  createdAt: Date;
  /**
   * Bumped whenever what decides the group's dynamic members changes (rule, processing state,
   * dynamic or not), so evaluation messages of an older rule can be recognised and dropped.
   */
  ruleVersion: number;
}

export const isDynamicGroup = (group: Pick<Group, 'groupTypes'>): boolean => group.groupTypes.includes('DynamicMembership');
export const isUnifiedGroup = (group: Pick<Group, 'groupTypes'>): boolean => group.groupTypes.includes('Unified');

/** A dynamic group as the evaluator needs it: the parsed rule and the properties it reads. */
export interface DynamicRule {
  groupId: string;
  rule: RuleAst;
  properties: UserPropertyName[];
  processingState: MembershipRuleProcessingState;
  ruleVersion: number;
}

/** Parses a rule; a syntax error is a 400 naming `membershipRule` and the position. */
export function parseRuleOrFail(text: string): RuleAst {
  const parsed = parseMembershipRule(text);
  if (!parsed.ok) {
    throw new Failure('validationFailed', `Invalid value specified for property 'membershipRule' of resource 'Group'. ${parsed.error.message}`, {
      details: [{ target: 'membershipRule', message: parsed.error.message }],
    });
  }
  return parsed.value;
}

/** The dynamic rule of a group, or undefined for an assigned group. */
export function dynamicRuleOf(group: Group): DynamicRule | undefined {
  if (!isDynamicGroup(group) || group.membershipRule === null) return undefined;
  const rule = parseRuleOrFail(group.membershipRule);
  return {
    groupId: group.id,
    rule,
    properties: describeRuleProperties(rule),
    processingState: group.membershipRuleProcessingState ?? 'On',
    ruleVersion: group.ruleVersion,
  };
}

const invalid = (target: string, message: string): Failure =>
  new Failure('validationFailed', `Invalid value specified for property '${target}' of resource 'Group'. ${message}`, {
    details: [{ target, message }],
  });

/**
 * Checks the rules that tie a group's properties together (each field's own shape is checked at
 * the HTTP boundary): a dynamic group has a parsable rule, an assigned group has none.
 */
export function checkGroupConsistency(group: Group): void {
  if (group.mailEnabled !== isUnifiedGroup(group)) {
    throw invalid('mailEnabled', isUnifiedGroup(group) ? "A Microsoft 365 group (groupTypes 'Unified') is mail-enabled: mailEnabled must be true." : "Only Microsoft 365 groups (groupTypes 'Unified') can be mail-enabled; mail-enabled security groups are not supported.");
  }
  if (group.visibility === 'HiddenMembership' && !isUnifiedGroup(group)) throw invalid('visibility', "'HiddenMembership' applies only to Microsoft 365 groups.");
  if (group.isAssignableToRole === true) {
    if (!group.securityEnabled) throw invalid('isAssignableToRole', 'A group assignable to roles must be security-enabled.');
    if (isDynamicGroup(group)) throw invalid('isAssignableToRole', 'A group assignable to roles cannot have dynamic membership.');
    if (isUnifiedGroup(group) && group.visibility !== 'Private') throw invalid('visibility', "A Microsoft 365 group assignable to roles must be 'Private'.");
  }
  if (isDynamicGroup(group)) {
    if (group.membershipRule === null || group.membershipRule.trim() === '') {
      throw invalid('membershipRule', "A group with groupTypes 'DynamicMembership' needs a membershipRule.");
    }
    parseRuleOrFail(group.membershipRule);
    if (group.membershipRuleProcessingState === null) throw invalid('membershipRuleProcessingState', "A dynamic group's processing state is 'On' or 'Paused'.");
  } else {
    if (group.membershipRule !== null) throw invalid('membershipRule', "A membershipRule needs groupTypes to contain 'DynamicMembership'.");
    if (group.membershipRuleProcessingState !== null) {
      throw invalid('membershipRuleProcessingState', "membershipRuleProcessingState applies only to groups with groupTypes 'DynamicMembership'.");
    }
  }
}

/** Whether a change alters who the rule admits, so a full re-evaluation is due. */
export function ruleChanged(before: Group, after: Group): boolean {
  return (
    isDynamicGroup(before) !== isDynamicGroup(after) ||
    before.membershipRule !== after.membershipRule ||
    before.membershipRuleProcessingState !== after.membershipRuleProcessingState
  );
}
