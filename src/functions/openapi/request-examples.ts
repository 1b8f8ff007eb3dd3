import type { OperationId } from '../../domain/access';
import { EXAMPLE_ID, EXAMPLE_ID_2 } from '../../http/openapi-schemas';

/**
 * Request-body examples for the OpenAPI document, written after the examples on Graph's
 * documentation pages; a test parses each with the operation's own body schema. Operations not
 * listed show a sample generated from their schema.
 */
const GRAPH = 'https://graph.microsoft.com/v1.0';
const userRef = { '@odata.id': `${GRAPH}/directoryObjects/${EXAMPLE_ID}` };

export const REQUEST_EXAMPLES: Partial<Record<OperationId, unknown>> = {
  createInvitation: { invitedUserEmailAddress: 'anna@contoso.example', inviteRedirectUrl: 'https://myapps.contoso.example/', invitedUserDisplayName: 'Anna Partner', sendInvitationMessage: true },
  previewInvitation: { invitedUserEmailAddress: 'anna@contoso.example', inviteRedirectUrl: 'https://myapps.contoso.example/', invitedUserDisplayName: 'Anna Partner' },
  createUser: { accountEnabled: true, displayName: 'Adele Vance', mailNickname: 'AdeleV', userPrincipalName: 'AdeleV@fabrikam.onmicrosoft.com', passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' } },
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
};
