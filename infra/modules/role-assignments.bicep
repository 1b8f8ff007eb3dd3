// Every permission the app's identity holds, each on the narrowest resource that needs it.
// test/infra keeps this list equal to the allowlist of code paths that need each role.

@description('Name of the app\'s user-assigned identity (in this resource group).')
param identityName string

param storageAccountName string

@description('The blob container Flex Consumption deploys the package from.')
param deploymentContainerName string

@description('The blob containers the Functions host keeps its state in.')
param hostContainerNames array

@description('Every queue the app and the host use, -poison twins included.')
param queueNames array

param appInsightsName string
param communicationServiceName string

@description('custom = a role with only the actions sending mail needs; builtin = Communication and Email Service Owner.')
@allowed(['custom', 'builtin'])
param emailSenderRole string = 'custom'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deploymentContainer 'containers' existing = {
      name: deploymentContainerName
    }
  }

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

resource hostContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = [
  for container in hostContainerNames: {
    parent: storage::blobService
    name: container
  }
]

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' existing = [
  for queue in queueNames: {
    parent: storage::queueService
    name: queue
  }
]

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' existing = {
  name: communicationServiceName
}

// Built-in role definition ids (the same in every Azure tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
}

var principalId = identity.properties.principalId

// Functions host on AzureWebJobsStorage: blob leases, timer and singleton locks, host keys. Only
// its own containers, which storage.bicep declares, so the host never has to create one.
resource hostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (container, i) in hostContainerNames: {
    name: guid(hostContainers[i].id, identity.id, roles.storageBlobDataOwner)
    scope: hostContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Flex Consumption: the platform writes the package with this identity and the host reads it.
resource packageBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deploymentContainer.id, identity.id, roles.storageBlobDataContributor)
  scope: storage::blobService::deploymentContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The queues (mail outbox, group evaluation, bulk invitations): the app enqueues and peeks, the
// queue triggers receive and delete, the host moves failures to -poison. Each queue, not the account.
resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queue, i) in queueNames: {
    name: guid(queues[i].id, identity.id, roles.storageQueueDataContributor)
    scope: queues[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The directory: every table in the account is one of the app's (storage.bicep declares them all),
// so the account scope grants nothing beyond them; 32 per-table assignments would add nothing.
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Telemetry with local auth disabled: the host sends with an Entra token of this identity.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Sending mail with EmailClient and a managed identity. The built-in Communication and Email
// Service Owner role allows every operation on the resource (keys included); this custom role
// has only the three actions Communication Services documents for sending with an Entra identity.
resource emailSenderDefinition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (emailSenderRole == 'custom') {
  name: guid(resourceGroup().id, 'gatehouse-email-sender')
  properties: {
    // Role names are unique in the whole Entra tenant: the hash tells apart equally named resource groups of other subscriptions.
    roleName: 'Gatehouse Email Sender (${resourceGroup().name}, ${uniqueString(resourceGroup().id)})'
    description: 'Send mail through Azure Communication Services Email; nothing else.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

var emailSenderRoleId = emailSenderRole == 'custom'
  ? emailSenderDefinition.id
  : subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.communicationAndEmailServiceOwner)

resource emailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, identity.id, 'gatehouse-email-sender')
  scope: communicationService
  properties: {
    roleDefinitionId: emailSenderRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
