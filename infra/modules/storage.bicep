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

@description('Blob containers the Functions host keeps its state in (timer and singleton locks, host keys).')
param hostContainerNames array

@description('True: a CanNotDelete lock on the account, so the directory cannot be deleted by accident.')
param lockStorage bool = false

@description('Log Analytics workspace for the storage diagnostic logs; empty = no diagnostic settings.')
param diagnosticsWorkspaceId string = ''

@description('Replication; Standard_LRS is enough because the directory can be exported, use Standard_ZRS for zone redundancy.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS'])
param skuName string = 'Standard_LRS'

// Mirrors TABLES in src/storage/names.ts; test/infra fails when the two lists differ.
// SigningKeys holds the OpenID provider's private RS256 keys (issue 20): made and rotated by the app
// itself (next key published a day before it signs, 30-day life), encrypted at rest by Storage
// (Microsoft-managed keys) and readable by identities with a data role on this account (the app's
// managed identity; shared keys are off). They are also in the hourly table exports. No Key Vault is
// deployed for them (why: infra/README.md); OidcStore holds the provider's codes, sessions and refresh tokens.
var tableNames = ['Settings', 'AuditLogs', 'RoleAssignments', 'RateLimits', 'Groups', 'GroupMemberships', 'GroupOwners', 'MailOutbox', 'Users', 'UserAddresses', 'TenantSettings', 'ServicePrincipals', 'AppRoleAssignments', 'Invitations', 'InvitationTickets', 'InvitationReminders', 'IdempotencyKeys', 'BulkInvitations', 'EntitlementCatalogs', 'EntitlementResources', 'AccessPackages', 'AccessPackageResourceRoleScopes', 'AccessPackageAssignmentPolicies', 'AccessPackageAssignments', 'ConnectedOrganizations', 'ConnectedOrganizationSponsors', 'ConnectedOrganizationDomains', 'EntitlementRoleAssignments', 'AccessPackageAssignmentRequests', 'EntitlementSchedule', 'PortalPasscodes', 'PortalSessions', 'DirectoryIndex', 'InvitationOptOuts', 'Applications', 'OidcStore', 'SigningKeys', 'SignInLogs']

@description('Every queue, -poison twins included (main.bicep mirrors QUEUES in src/storage/names.ts). The host would create a -poison queue on first failure; declaring it keeps it visible from day one.')
param queueNames array

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
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
    // The Flex Consumption app reaches storage over its public endpoint (this template sets up no
    // virtual network), so the endpoint stays reachable; every request still needs an Entra token.
    publicNetworkAccess: 'Enabled'
  }
}

resource lock 'Microsoft.Authorization/locks@2020-05-01' = if (lockStorage) {
  scope: storage
  name: 'gatehouse-directory-no-delete'
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds the Gatehouse directory. Remove the lock deliberately before deleting the account.'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource hostContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in hostContainerNames: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

// Writes and deletes on tables, queues and blobs: who changed the directory, from where.
var storageLogCategories = [
  { category: 'StorageWrite', enabled: true }
  { category: 'StorageDelete', enabled: true }
]

// The linter offers only 2016-09-01 (the last non-preview version); 2021-05-01-preview is the version
// Azure Monitor documents for diagnostic settings in templates.
#disable-next-line use-recent-api-versions
resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(diagnosticsWorkspaceId)) {
  scope: tableService
  name: 'gatehouse-logs'
  properties: {
    workspaceId: diagnosticsWorkspaceId
    logs: storageLogCategories
  }
}

// The linter offers only 2016-09-01 (the last non-preview version); 2021-05-01-preview is the version
// Azure Monitor documents for diagnostic settings in templates.
#disable-next-line use-recent-api-versions
resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(diagnosticsWorkspaceId)) {
  scope: queueService
  name: 'gatehouse-logs'
  properties: {
    workspaceId: diagnosticsWorkspaceId
    logs: storageLogCategories
  }
}

// The linter offers only 2016-09-01 (the last non-preview version); 2021-05-01-preview is the version
// Azure Monitor documents for diagnostic settings in templates.
#disable-next-line use-recent-api-versions
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(diagnosticsWorkspaceId)) {
  scope: blobService
  name: 'gatehouse-logs'
  properties: {
    workspaceId: diagnosticsWorkspaceId
    logs: storageLogCategories
  }
}

output name string = storage.name
output id string = storage.id
// Service URIs without a trailing slash, the form src/config.ts documents.
output blobServiceUri string = 'https://${storage.name}.blob.${environment().suffixes.storage}'
output queueServiceUri string = 'https://${storage.name}.queue.${environment().suffixes.storage}'
output tableServiceUri string = 'https://${storage.name}.table.${environment().suffixes.storage}'
output deploymentContainerUrl string = 'https://${storage.name}.blob.${environment().suffixes.storage}/${deploymentContainer.name}'
