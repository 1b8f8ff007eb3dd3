import type { OperationId } from '../../domain/access';
import { EXAMPLE_ID, EXAMPLE_ID_2 } from '../../http/openapi-schemas';

/**
 * Request-body examples for the OpenAPI document, written after the examples on Graph's
 * documentation pages; a test parses each with the operation's own body schema. Operations not
 * listed show a sample generated from their schema.
 */
const GRAPH = 'https://graph.microsoft.com/v1.0';
const userRef = { '@odata.id': `${GRAPH}/directoryObjects/${EXAMPLE_ID}` };

const policyExample = {
  displayName: 'Partners request, a sponsor approves',
  description: 'For users of connected organizations',
  allowedTargetScope: 'allConfiguredConnectedOrganizationUsers',
  expiration: { type: 'afterDuration', duration: 'P90D' },
  requestorSettings: { enableTargetsToSelfAddAccess: true, enableTargetsToSelfRemoveAccess: true },
  requestApprovalSettings: { isApprovalRequiredForAdd: true, isApprovalRequiredForUpdate: false, stages: [{ durationBeforeAutomaticDenial: 'P7D', isApproverJustificationRequired: false, isEscalationEnabled: false, primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', userId: EXAMPLE_ID_2 }] }] },
  accessPackage: { id: EXAMPLE_ID },
};

export const REQUEST_EXAMPLES: Partial<Record<OperationId, unknown>> = {
  createInvitation: { invitedUserEmailAddress: 'anna@contoso.example', inviteRedirectUrl: 'https://myapps.contoso.example/', invitedUserDisplayName: 'Anna Partner', sendInvitationMessage: true },
  previewInvitation: { invitedUserEmailAddress: 'anna@contoso.example', inviteRedirectUrl: 'https://myapps.contoso.example/', invitedUserDisplayName: 'Anna Partner' },
  createUser: { accountEnabled: true, displayName: 'Adele Vance', mailNickname: 'AdeleV', userPrincipalName: 'AdeleV@fabrikam.onmicrosoft.com' },
  updateUser: { jobTitle: 'Partner liaison', officeLocation: '18/2111' },
  createGroup: { displayName: 'Partner engineers', description: 'Engineers of our partners', mailEnabled: false, mailNickname: 'partner-engineers', securityEnabled: true },
  updateGroup: { description: 'Engineers of our partners and suppliers' },
  addGroupMember: userRef,
  addGroupOwner: userRef,
  batch: {
    requests: [
      { id: '1', method: 'GET', url: '/users?$select=id,displayName&$top=5' },
      { id: '2', method: 'POST', url: `/groups/${EXAMPLE_ID_2}/members/$ref`, headers: { 'content-type': 'application/json' }, body: userRef, dependsOn: ['1'] },
    ],
  },
  updateEntitlementCatalog: { description: 'Groups and apps partners may request', state: 'published' },
  createResourceRequest: { requestType: 'adminAdd', resource: { originId: EXAMPLE_ID_2, originSystem: 'AadGroup' }, catalog: { id: EXAMPLE_ID } },
  updateAccessPackage: { displayName: 'Partner engineering', isHidden: false },
  createResourceRoleScope: {
    role: { originId: `Member_${EXAMPLE_ID_2}`, displayName: 'Member', originSystem: 'AadGroup', resource: { id: EXAMPLE_ID } },
    scope: { originId: EXAMPLE_ID_2, originSystem: 'AadGroup' },
  },
  createConnectedOrganization: { displayName: 'Contoso', description: 'Our design partner', identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'contoso.example', displayName: 'Contoso' }], state: 'proposed' },
  updateConnectedOrganization: { state: 'configured' },
  addConnectedOrganizationSponsor: { '@odata.id': `${GRAPH}/users/${EXAMPLE_ID}` },
  updateEntitlementSettings: { externalUserLifecycleAction: 'blockSignInAndDelete', durationUntilExternalUserDeletedAfterBlocked: 'P30D' },
  createAssignmentRequest: { requestType: 'adminAdd', assignment: { targetId: EXAMPLE_ID, assignmentPolicyId: EXAMPLE_ID_2, accessPackageId: EXAMPLE_ID } },
  createApplication: { displayName: 'Partner portal', signInAudience: 'AzureADMyOrg', web: { redirectUris: ['https://portal.contoso.example/signin-oidc'] }, appRoles: [{ id: EXAMPLE_ID_2, allowedMemberTypes: ['User'], description: 'Can read reports', displayName: 'Reader', isEnabled: true, value: 'Reports.Read' }] },
  updateApplication: { spa: { redirectUris: ['https://portal.contoso.example/'] } },
  updateApplicationByAppId: { displayName: 'Renamed by appId' },
  addApplicationPassword: { passwordCredential: { displayName: 'CI deploy' } },
  removeApplicationPassword: { keyId: EXAMPLE_ID_2 },
  createServicePrincipal: { appId: EXAMPLE_ID_2 },
  updateServicePrincipal: { appRoleAssignmentRequired: true },
  updateServicePrincipalByAppId: { appRoleAssignmentRequired: true },
  createAppRoleAssignedTo: { principalId: EXAMPLE_ID, resourceId: EXAMPLE_ID_2, appRoleId: EXAMPLE_ID_2 },
  createUserAppRoleAssignment: { principalId: EXAMPLE_ID, resourceId: EXAMPLE_ID_2, appRoleId: EXAMPLE_ID_2 },
  updateOrganizationalBranding: { signInPageText: 'Partners of Fabrikam', backgroundColor: '#0F6CBD' },
  createOrganizationalBrandingLocalization: { id: 'fr-FR', signInPageText: 'Partenaires de Fabrikam' },
  updateOrganizationalBrandingLocalization: { usernameHintText: 'adresse@exemple.fr' },
  activateDirectoryRole: { roleTemplateId: '95e79109-95c0-4d8e-aee3-d01accf2d47b' },
  addDirectoryRoleMember: { '@odata.id': `${GRAPH}/directoryObjects/${EXAMPLE_ID}` },
  setUserManager: { '@odata.id': `${GRAPH}/users/${EXAMPLE_ID_2}` },
  createRoleAssignment: { principalId: EXAMPLE_ID, roleDefinitionId: '95e79109-95c0-4d8e-aee3-d01accf2d47b', directoryScopeId: '/' },
  updateMe: { mobilePhone: '+1 425 555 0109' },
  updateOrganization: { privacyProfile: { statementUrl: 'https://fabrikam.example/privacy', contactEmail: 'privacy@fabrikam.example' } },
  updateAuthorizationPolicy: { allowInvitesFrom: 'adminsAndGuestInviters' },
  updateInvitationDomainPolicy: { blockedDomains: ['competitor.example'] },
  checkMemberGroups: { groupIds: [EXAMPLE_ID_2] },
  checkGroupMemberGroups: { groupIds: [EXAMPLE_ID_2] },
  getMemberGroups: { securityEnabledOnly: false },
  getMemberObjects: { securityEnabledOnly: true },
  checkMemberObjects: { ids: [EXAMPLE_ID_2, '62e90394-69f5-4237-9190-012177145e10'] },
  createEntitlementCatalog: { displayName: 'Partner access', description: 'Groups and apps partners may request', isExternallyVisible: true },
  createAccessPackage: { catalog: { id: EXAMPLE_ID }, displayName: 'Partner engineering', description: 'Membership of the partner engineers group', isHidden: false },
  createEntitlementRoleAssignment: { principalId: EXAMPLE_ID, roleDefinitionId: 'ae79f266-94d4-4dab-b730-feca7e132178', appScopeId: `/AccessPackageCatalog/${EXAMPLE_ID_2}` },
  decideAssignmentApprovalStage: { reviewResult: 'Approve', justification: 'Confirmed with the partner’s manager' },
  sendAccessPackageShareLink: { recipients: ['anna@contoso.example'], message: 'Request this to join the launch team.' },
  createAssignmentPolicy: policyExample,
  replaceAssignmentPolicy: policyExample,
};
