// Mail: an Email Communication Service with one sending domain, linked to a Communication
// Services resource the app calls with its managed identity.
//
// A customer domain must be verified in DNS before it can be linked, so it takes two deployments:
// the first creates it (and keeps sending from the Azure-managed domain), the operator publishes
// the records in the `customDomainVerificationRecords` output and verifies them, the second
// deployment (customEmailDomainVerified = true) links it and switches the sender to it.

param emailServiceName string
param communicationServiceName string
param tags object

@description('Where Communication Services stores data at rest, e.g. Europe, United States, UK, Switzerland.')
param dataLocation string

@description('Customer mail domain (e.g. mail.contoso.com); empty = send from an Azure-managed azurecomm.net domain.')
param customEmailDomain string = ''

@description('True once the customer domain passed DNS verification: only then is it linked and used.')
param customEmailDomainVerified bool = false

@description('Local part of the sender address on a customer domain (the Azure-managed domain only offers DoNotReply).')
param senderUsername string = 'DoNotReply'

@description('Display name shown with the sender address on a customer domain.')
param senderDisplayName string = ''

@description('Log Analytics workspace for the mail diagnostic logs; empty = no diagnostic settings.')
param diagnosticsWorkspaceId string = ''

var useCustomDomain = !empty(customEmailDomain) && customEmailDomainVerified

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = if (!useCustomDomain) {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = if (!empty(customEmailDomain)) {
  parent: emailService
  name: empty(customEmailDomain) ? 'unused.invalid' : customEmailDomain
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2025-05-01' = if (!empty(customEmailDomain)) {
  parent: customDomain
  name: toLower(senderUsername)
  properties: {
    username: senderUsername
    displayName: senderDisplayName
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      useCustomDomain ? customDomain.id : managedDomain.id
    ]
  }
}

// Every send request and every delivery status: what left, when, and what bounced.
// The linter offers only 2016-09-01 (the last non-preview version); 2021-05-01-preview is the version
// Azure Monitor documents for diagnostic settings in templates.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(diagnosticsWorkspaceId)) {
  scope: communicationService
  name: 'gatehouse-logs'
  properties: {
    workspaceId: diagnosticsWorkspaceId
    logs: [
      { category: 'EmailSendMailOperational', enabled: true }
      { category: 'EmailStatusUpdateOperational', enabled: true }
    ]
  }
}

// Each domain is read only on the branch where its condition deployed it (hence `!`).
var senderDomain = useCustomDomain ? customEmailDomain : managedDomain!.properties.mailFromSenderDomain
var senderLocalPart = useCustomDomain ? senderUsername : 'DoNotReply'

output communicationServiceName string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
output senderAddress string = '${senderLocalPart}@${senderDomain}'
output usesCustomDomain bool = useCustomDomain
// Public DNS records (domain TXT, SPF, DKIM CNAMEs) to publish before verification; not secrets.
output customDomainVerificationRecords object = empty(customEmailDomain) ? {} : customDomain!.properties.verificationRecords
