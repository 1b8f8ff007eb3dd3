// Storage for both the Functions host (AzureWebJobsStorage) and Gatehouse's directory.
// Shared keys are off: every caller uses Entra ID through the app's managed identity.

@description('Storage account name: 3-24 lowercase letters and digits.')
@minLength(3)
@maxLength(24)
param name string

param location string
param tags object

@description('Blob container the Flex Consumption plan deploys the app package from.')
param deploymentContainerName string

@description('Replication; Standard_LRS is enough because the directory can be exported, use Standard_ZRS for zone redundancy.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS'])
param skuName string = 'Standard_LRS'

// Mirrors TABLES in src/storage/names.ts; test/infra fails when the two lists differ.
var tableNames = ['Settings', 'AuditLogs', 'RoleAssignments', 'RateLimits', 'Groups', 'GroupMemberships', 'GroupOwners', 'MailOutbox', 'Users', 'UserAddresses', 'TenantSettings', 'ServicePrincipals', 'AppRoleAssignments', 'Invitations', 'InvitationTickets', 'InvitationReminders', 'IdempotencyKeys', 'BulkInvitations', 'EntitlementCatalogs', 'EntitlementResources', 'AccessPackages', 'AccessPackageResourceRoleScopes', 'AccessPackageAssignmentPolicies', 'AccessPackageAssignments', 'ConnectedOrganizations', 'ConnectedOrganizationSponsors', 'ConnectedOrganizationDomains', 'EntitlementRoleAssignments', 'AccessPackageAssignmentRequests', 'EntitlementSchedule', 'PortalPasscodes', 'PortalSessions']

// Mirrors QUEUES in src/storage/names.ts. Each queue gets its '-poison' twin, which the host
// creates on first failure anyway: declaring it keeps it visible and tagged from day one.
var queueNames = ['email-outbox', 'group-evaluation', 'bulk-invitations']

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

resource poisonQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in queueNames: {
    parent: queueService
    name: '${queue}-poison'
  }
]

output name string = storage.name
output id string = storage.id
// Service URIs without a trailing slash, the form src/config.ts documents.
output blobServiceUri string = 'https://${storage.name}.blob.${environment().suffixes.storage}'
output queueServiceUri string = 'https://${storage.name}.queue.${environment().suffixes.storage}'
output tableServiceUri string = 'https://${storage.name}.table.${environment().suffixes.storage}'
output deploymentContainerUrl string = 'https://${storage.name}.blob.${environment().suffixes.storage}/${deploymentContainer.name}'
