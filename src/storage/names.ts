/**
 * Every table and queue Gatehouse uses. Code gets tables and queues only through these names, and
 * `test/infra` checks that `infra/` declares each one, so storage and infrastructure cannot drift.
 */
export const TABLES = ['Settings', 'AuditLogs', 'RoleAssignments', 'RateLimits', 'Groups', 'GroupMemberships', 'GroupOwners', 'MailOutbox', 'Users', 'UserAddresses', 'TenantSettings', 'ServicePrincipals', 'AppRoleAssignments', 'Invitations', 'InvitationTickets', 'InvitationReminders', 'IdempotencyKeys', 'BulkInvitations', 'EntitlementCatalogs', 'EntitlementResources', 'AccessPackages', 'AccessPackageResourceRoleScopes', 'AccessPackageAssignmentPolicies', 'AccessPackageAssignments', 'ConnectedOrganizations', 'ConnectedOrganizationSponsors', 'ConnectedOrganizationDomains', 'EntitlementRoleAssignments', 'AccessPackageAssignmentRequests', 'EntitlementSchedule', 'PortalPasscodes', 'PortalSessions', 'DirectoryIndex', 'InvitationOptOuts', 'Applications', 'OidcStore', 'SigningKeys', 'SignInLogs'] as const;
export type TableName = (typeof TABLES)[number];

/** Queues the app produces to or consumes from; each has its `-poison` twin. */
export const QUEUES = ['email-outbox', 'group-evaluation', 'bulk-invitations', 'email-outbox-invitations', 'email-outbox-bulk'] as const;
export type QueueName = (typeof QUEUES)[number];

export const poisonQueueName = (queue: QueueName): `${QueueName}-poison` => `${queue}-poison`;
