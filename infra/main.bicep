// Gatehouse for one customer, in one resource group:
//   az deployment group create -g <rg> --parameters infra/customers/<customer>.bicepparam
// See infra/README.md for the whole procedure.

@description('Short customer name: lowercase letters, digits and hyphens. Prefixes every resource name.')
@minLength(2)
@maxLength(20)
param customerName string

param location string = resourceGroup().location

@description('Extra tags for every resource (cost centre, environment, ...).')
param tags object = {}

// --- The customer's Entra tenant: who may call the API -------------------------------------

@description('Tenant id of the customer\'s Entra tenant, where the Gatehouse API app registration lives.')
param entraTenantId string

@description('Audience API tokens must carry: the API app registration\'s Application (client) ID (the aud of v2.0 tokens).')
param authAudience string

@description('Token issuer (iss); the v2.0 issuer of the tenant unless overridden.')
param authIssuer string = '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'

@description('Where the issuer publishes its signing keys.')
param authJwksUri string = '${environment().authentication.loginEndpoint}${entraTenantId}/discovery/v2.0/keys'

// --- The organization Gatehouse serves ------------------------------------------------------

@description('Tenant id Gatehouse reports for the organization; the Entra tenant unless overridden.')
param organizationTenantId string = entraTenantId

@description('Organization name shown in invitations and pages.')
param organizationName string

@description('Initial domain, e.g. contoso.onmicrosoft.com: guest user principal names end in it.')
param organizationInitialDomain string

param organizationPreferredLanguage string = 'en-US'

@description('Privacy statement linked from invitation mails and the consent page; may be empty.')
param privacyStatementUrl string = ''

@description('Privacy contact shown to guests; may be empty.')
param privacyContactEmail string = ''

@description('Public base URL (redeem links, pages); empty = the Function App\'s default https host name.')
param publicBaseUrl string = ''

@description('Base of My Access links; empty = <publicBaseUrl>/api/myaccess.')
param myAccessPortalUrl string = ''

// --- Mail ---------------------------------------------------------------------------------

@description('Where Communication Services keeps data at rest, e.g. Europe, United States, UK.')
param emailDataLocation string = 'Europe'

@description('Customer mail domain; empty = an Azure-managed domain (quota 5/min, 10/h).')
param customEmailDomain string = ''

@description('Set to true after the customer domain\'s DNS records are verified (second deployment).')
param customEmailDomainVerified bool = false

@description('Sender local part on a customer domain.')
param emailSenderUsername string = 'DoNotReply'

@description('Mails per minute for all instances together; 0 = the quota of the domain in use (30 custom, 5 managed).')
@minValue(0)
param emailRatePerMinute int = 0

@description('Mails per hour for all instances together; 0 = the quota of the domain in use (100 custom, 10 managed).')
@minValue(0)
param emailRatePerHour int = 0

// --- Limits and hosting -----------------------------------------------------------------------

@description('Invitation requests per 5 s for the tenant (Graph: 150); 0 turns throttling off.')
@minValue(0)
param inviteRateLimitPer5s int = 150

@description('Largest accepted JSON request body in bytes.')
@minValue(1)
param httpMaxBodyBytes int = 1048576

@description('Flex Consumption instance memory.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Flex Consumption scale-out limit.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

// --- Backups (table exports; see modules/backup.bicep) ---------------------------------------

@description('Days table exports are kept.')
@minValue(1)
param backupRetentionDays int = 35

@description('Days between full table exports (hourly incremental ones in between).')
@minValue(1)
param backupFullEveryDays int = 7

@description('Make table exports immutable for backupImmutabilityDays (time-based retention policy).')
param backupImmutable bool = false

@description('Days an export stays immutable when backupImmutable is on.')
@minValue(1)
param backupImmutabilityDays int = 7

// --- Names -------------------------------------------------------------------------------------

var suffix = uniqueString(resourceGroup().id)
var compactName = toLower(replace(customerName, '-', ''))
var allTags = union(tags, {
  application: 'gatehouse'
  customer: customerName
})
var deploymentContainerName = 'app-package'
var usesCustomEmailDomain = !empty(customEmailDomain) && customEmailDomainVerified

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${customerName}-${suffix}'
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${take(compactName, 9)}${suffix}'
    location: location
    tags: allTags
    deploymentContainerName: deploymentContainerName
  }
}

module backup 'modules/backup.bicep' = {
  name: 'backup'
  params: {
    storageAccountName: storage.outputs.name
    retentionDays: backupRetentionDays
    immutable: backupImmutable
    immutabilityDays: backupImmutabilityDays
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${customerName}-${suffix}'
    appInsightsName: 'appi-${customerName}-${suffix}'
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: {
    emailServiceName: 'ecs-${customerName}-${suffix}'
    communicationServiceName: 'acs-${customerName}-${suffix}'
    tags: allTags
    dataLocation: emailDataLocation
    customEmailDomain: customEmailDomain
    customEmailDomainVerified: customEmailDomainVerified
    senderUsername: emailSenderUsername
    senderDisplayName: organizationName
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    communicationServiceName: communication.outputs.communicationServiceName
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    // Kept under 32 characters so the Functions host id stays unique.
    name: 'func-${take(customerName, 12)}-${suffix}'
    planName: 'plan-${customerName}-${suffix}'
    location: location
    tags: allTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    appInsightsName: monitoring.outputs.appInsightsName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    authIssuer: authIssuer
    authAudience: authAudience
    authJwksUri: authJwksUri
    organizationTenantId: organizationTenantId
    organizationName: organizationName
    organizationInitialDomain: organizationInitialDomain
    organizationPreferredLanguage: organizationPreferredLanguage
    privacyStatementUrl: privacyStatementUrl
    privacyContactEmail: privacyContactEmail
    publicBaseUrl: publicBaseUrl
    myAccessPortalUrl: myAccessPortalUrl
    emailEndpoint: communication.outputs.endpoint
    emailSenderAddress: communication.outputs.senderAddress
    emailRatePerMinute: emailRatePerMinute > 0 ? emailRatePerMinute : (usesCustomEmailDomain ? 30 : 5)
    emailRatePerHour: emailRatePerHour > 0 ? emailRatePerHour : (usesCustomEmailDomain ? 100 : 10)
    inviteRateLimitPer5s: inviteRateLimitPer5s
    httpMaxBodyBytes: httpMaxBodyBytes
    backupContainer: backup.outputs.containerName
    backupRetentionDays: backup.outputs.retentionDays
    backupFullEveryDays: backupFullEveryDays
  }
  // The host reads storage at start-up: grant the roles first.
  dependsOn: [
    roles
  ]
}

output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output GATEHOUSE_PUBLIC_BASE_URL string = functionApp.outputs.publicBaseUrl
output GATEHOUSE_STORAGE_ACCOUNT string = storage.outputs.name
output GATEHOUSE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output GATEHOUSE_EMAIL_SENDER string = communication.outputs.senderAddress
output GATEHOUSE_EMAIL_USES_CUSTOM_DOMAIN bool = usesCustomEmailDomain
output GATEHOUSE_EMAIL_DOMAIN_DNS_RECORDS object = communication.outputs.customDomainVerificationRecords
