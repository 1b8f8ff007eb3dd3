/**
 * The permissions of the roles the deployment may assign, as Azure defines them (built-in role
 * definitions, "Azure built-in roles" in the Azure RBAC documentation; the ids are the same in every
 * tenant). Only the parts the checks need: what each role allows, and why Gatehouse needs it.
 */
export interface RoleDefinition {
  name: string;
  actions: readonly string[];
  dataActions: readonly string[];
}

export const BUILT_IN_ROLES: Readonly<Record<string, RoleDefinition>> = {
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': {
    name: 'Storage Blob Data Owner',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
    dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'],
  },
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe': {
    name: 'Storage Blob Data Contributor',
    actions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/delete',
      'Microsoft.Storage/storageAccounts/blobServices/containers/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/write',
      'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
    ],
    dataActions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action',
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action',
    ],
  },
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88': {
    name: 'Storage Queue Data Contributor',
    actions: ['Microsoft.Storage/storageAccounts/queueServices/queues/delete', 'Microsoft.Storage/storageAccounts/queueServices/queues/read', 'Microsoft.Storage/storageAccounts/queueServices/queues/write'],
    dataActions: [
      'Microsoft.Storage/storageAccounts/queueServices/queues/messages/delete',
      'Microsoft.Storage/storageAccounts/queueServices/queues/messages/read',
      'Microsoft.Storage/storageAccounts/queueServices/queues/messages/write',
      'Microsoft.Storage/storageAccounts/queueServices/queues/messages/process/action',
    ],
  },
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3': {
    name: 'Storage Table Data Contributor',
    actions: ['Microsoft.Storage/storageAccounts/tableServices/tables/read', 'Microsoft.Storage/storageAccounts/tableServices/tables/write', 'Microsoft.Storage/storageAccounts/tableServices/tables/delete'],
    dataActions: [
      'Microsoft.Storage/storageAccounts/tableServices/tables/entities/read',
      'Microsoft.Storage/storageAccounts/tableServices/tables/entities/write',
      'Microsoft.Storage/storageAccounts/tableServices/tables/entities/delete',
      'Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action',
      'Microsoft.Storage/storageAccounts/tableServices/tables/entities/update/action',
    ],
  },
  '3913510d-42f4-4e42-8a64-420c390055eb': {
    name: 'Monitoring Metrics Publisher',
    actions: ['Microsoft.Insights/Register/Action', 'Microsoft.Support/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    dataActions: ['Microsoft.Insights/Metrics/Write', 'Microsoft.Insights/Telemetry/Write'],
  },
  '09976791-48a7-449e-bb21-39d1a415f350': {
    name: 'Communication and Email Service Owner',
    actions: ['Microsoft.Communication/*', 'Microsoft.Insights/alertRules/*', 'Microsoft.Resources/deployments/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Support/*'],
    dataActions: [],
  },
};

/**
 * The actions Communication Services documents for sending mail with a Microsoft Entra identity
 * through a custom role (Read and Write on the Communication Services resource, write on the Email
 * Communication Service); the custom role must hold these and nothing else.
 */
export const EMAIL_SEND_ACTIONS = ['Microsoft.Communication/CommunicationServices/Read', 'Microsoft.Communication/CommunicationServices/Write', 'Microsoft.Communication/EmailServices/write'];

/** True when an RBAC permission pattern (`*` wildcards, case-insensitive as Azure compares them) covers `action`. */
export function permits(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return regex.test(action);
}
