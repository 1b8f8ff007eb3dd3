// Gatehouse for one customer, in one resource group:
//   az deployment group create -g <rg> --parameters infra/customers/<customer>.bicepparam
// See infra/README.md for the whole procedure.

@description('Short customer name, 2-20 characters: lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit. Prefixes every resource name (see infra/README.md, Names).')
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

@description('The first Global Administrator: their object id in the customer\'s Entra tenant. Created (linked by that id) at their first sign-in to the admin console, once. Empty = none.')
param firstAdministratorObjectId string = ''

@description('The first Global Administrator\'s mail (their directory user\'s mail; also the UPN when its domain is a verified one). Required with firstAdministratorObjectId.')
param firstAdministratorMail string = ''

@description('Public base URL (redeem links, pages); empty = the Function App\'s default https host name.')
param publicBaseUrl string = ''

@description('Base of My Access links; empty = <publicBaseUrl>/api/myaccess.')
param myAccessPortalUrl string = ''

@description('Issuer of the external OpenID provider guests may sign in with (issue 20); empty = sign-in by one-time passcode only.')
param signInFederationIssuer string = ''

@description('Client id Gatehouse is registered with at that provider.')
param signInFederationClientId string = ''

@description('Its client secret as a Key Vault reference (@Microsoft.KeyVault(SecretUri=...)); the app identity needs Key Vault Secrets User on it.')
@secure()
param signInFederationClientKeyVaultReference string = ''

@description('Name on the sign-in button: "Sign in with <name>".')
param signInFederationName string = 'your organization'

// --- Mail ---------------------------------------------------------------------------------

@description('Where Communication Services keeps data at rest, e.g. Europe, United States, UK.')
param emailDataLocation string = 'Europe'

@description('Customer mail domain; empty = an Azure-managed domain (quota 5/min, 10/h).')
param customEmailDomain string = ''

@description('Set to true after the customer domain\'s DNS records are verified (second deployment).')
param customEmailDomainVerified bool = false

@description('Sender local part on a customer domain.')
param emailSenderUsername string = 'DoNotReply'

@description('Mails per minute for all instances together; 0 = the quota of the domain in use (30 custom, 5 managed), capped by emailRatePerHour when only that is set.')
@minValue(0)
param emailRatePerMinute int = 0

@description('Mails per hour for all instances together; 0 = the quota of the domain in use (100 custom, 10 managed), raised to emailRatePerMinute when only that is set. Must not be below emailRatePerMinute.')
@minValue(0)
param emailRatePerHour int = 0

@description('custom = a role with only the actions sending mail needs (default); builtin = Communication and Email Service Owner, for tenants where the custom role is refused.')
@allowed(['custom', 'builtin'])
param emailSenderRole string = 'custom'

// --- Limits and hosting -----------------------------------------------------------------------

@description('Invitation requests per 5 s for the tenant (Graph: 150); 0 turns throttling off.')
@minValue(0)
param inviteRateLimitPer5s int = 150

@description('Largest accepted JSON request body in bytes.')
@minValue(1)
param httpMaxBodyBytes int = 1048576

@description('Flex Consumption instance memory in MB: 512, 2048 or 4096 (the sizes the plan offers).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Flex Consumption scale-out limit: 1 to 1000 (the plan\'s documented range; the default of new apps is 100).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Enabled: the API and the guest pages answer on the app\'s public endpoint (needed unless you add a private endpoint yourself). Disabled: public inbound traffic is refused.')
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string = 'Enabled'

@description('Replication of the storage account that holds the directory.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS'])
param storageSkuName string = 'Standard_LRS'

@description('True: a CanNotDelete lock on the storage account (the directory); remove it deliberately before deleting.')
param lockStorage bool = false

@description('True: diagnostic settings send Function App logs, storage writes/deletes and mail logs to Log Analytics.')
param diagnosticSettings bool = true

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

// --- Alerts -----------------------------------------------------------------------------------

@description('Resource id of an existing action group that receives the alerts (poison messages, mail backlog, failed deliveries, 5xx); empty = alerts show in the portal only.')
param alertActionGroupId string = ''

@description('5xx answers in 15 minutes above which the server-errors alert fires.')
@minValue(1)
param alertServerErrorThreshold int = 10

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
var allTags = union(tags, {
  application: 'gatehouse'
  customer: customerName
})
var deploymentContainerName = 'app-package'
// The Functions host's own containers (locks, host keys), declared so the host needs no right to create them.
var hostContainerNames = ['azure-webjobs-hosts', 'azure-webjobs-secrets']
// Mirrors QUEUES in src/storage/names.ts (test/infra compares them), each with its -poison twin.
var appQueueNames = ['email-outbox', 'group-evaluation', 'bulk-invitations', 'email-outbox-invitations', 'email-outbox-bulk']
var queueNames = concat(appQueueNames, map(appQueueNames, q => '${q}-poison'))
var usesCustomEmailDomain = !empty(customEmailDomain) && customEmailDomainVerified

// --- Deploy-time validation: what the decorators cannot say -----------------------------------

var customerNameChars = map(range(0, length(customerName)), i => substring(customerName, i, 1))
var customerNameValid = empty(filter(customerNameChars, c => !contains('abcdefghijklmnopqrstuvwxyz0123456789-', c))) && contains('abcdefghijklmnopqrstuvwxyz', substring(customerName, 0, 1)) && !endsWith(customerName, '-') && !contains(customerName, '--')

// The mail pace, as src/config.ts derives it: an unset (0) rate follows the domain's quota, but never
// contradicts the one that is set; two explicit rates must agree (per hour >= per minute).
var quotaPerMinute = usesCustomEmailDomain ? 30 : 5
var quotaPerHour = usesCustomEmailDomain ? 100 : 10
var effectiveRatePerMinute = emailRatePerMinute > 0 ? emailRatePerMinute : (emailRatePerHour > 0 ? min(quotaPerMinute, emailRatePerHour) : quotaPerMinute)
var effectiveRatePerHour = emailRatePerHour > 0 ? emailRatePerHour : max(quotaPerHour, effectiveRatePerMinute)

// Everything below uses these two: a bad value stops the deployment before any resource changes.
var name = customerNameValid ? customerName : fail('customerName \'${customerName}\' must use lowercase letters, digits and single hyphens, start with a letter and end with a letter or digit: it becomes part of DNS names (storage, Function App, Communication Services)')
var emailRates = effectiveRatePerHour >= effectiveRatePerMinute ? { perMinute: effectiveRatePerMinute, perHour: effectiveRatePerHour } : fail('emailRatePerHour (${emailRatePerHour}) is below emailRatePerMinute (${emailRatePerMinute}): raise emailRatePerHour, lower emailRatePerMinute, or set one to 0 to derive it')

var names = {
  identity: 'id-${name}-${suffix}'
  // Storage: 3-24 lowercase letters and digits, globally unique: 2 + at most 9 + 13 = 24.
  storage: 'st${take(replace(name, '-', ''), 9)}${suffix}'
  workspace: 'log-${name}-${suffix}'
  appInsights: 'appi-${name}-${suffix}'
  // Communication Services names are global DNS labels (<name>.communication.azure.com).
  emailService: 'ecs-${name}-${suffix}'
  communicationService: 'acs-${name}-${suffix}'
  plan: 'plan-${name}-${suffix}'
  // <name>.azurewebsites.net; kept under 32 characters so the Functions host id stays unique.
  functionApp: 'func-${take(name, 12)}-${suffix}'
  alerts: 'gatehouse-${name}'
}

var workspaceId = resourceId('Microsoft.OperationalInsights/workspaces', names.workspace)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    hostContainerNames: hostContainerNames
    queueNames: queueNames
    lockStorage: lockStorage
    diagnosticsWorkspaceId: diagnosticSettings ? workspaceId : ''
  }
  dependsOn: [
    monitoring
  ]
}

module backup 'modules/backup.bicep' = {
  name: 'backup'
  params: {
    storageAccountName: names.storage
    retentionDays: backupRetentionDays
    immutable: backupImmutable
    immutabilityDays: backupImmutabilityDays
  }
  dependsOn: [
    storage
  ]
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: {
    emailServiceName: names.emailService
    communicationServiceName: names.communicationService
    tags: allTags
    dataLocation: emailDataLocation
    customEmailDomain: customEmailDomain
    customEmailDomainVerified: customEmailDomainVerified
    senderUsername: emailSenderUsername
    senderDisplayName: organizationName
    diagnosticsWorkspaceId: diagnosticSettings ? workspaceId : ''
  }
  dependsOn: [
    monitoring
  ]
}

module roles 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    deploymentContainerName: deploymentContainerName
    hostContainerNames: hostContainerNames
    queueNames: queueNames
    appInsightsName: names.appInsights
    communicationServiceName: names.communicationService
    emailSenderRole: emailSenderRole
  }
  // The names above are known before deployment (what-if sees them); the resources must exist first.
  dependsOn: [
    identity
    storage
    monitoring
    communication
  ]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    appInsightsName: names.appInsights
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    publicNetworkAccess: publicNetworkAccess
    diagnosticsWorkspaceId: diagnosticSettings ? workspaceId : ''
    authIssuer: authIssuer
    authAudience: authAudience
    authJwksUri: authJwksUri
    organizationTenantId: organizationTenantId
    organizationName: organizationName
    organizationInitialDomain: organizationInitialDomain
    organizationPreferredLanguage: organizationPreferredLanguage
    privacyStatementUrl: privacyStatementUrl
    privacyContactEmail: privacyContactEmail
    firstAdministratorObjectId: firstAdministratorObjectId
    firstAdministratorMail: firstAdministratorMail
    publicBaseUrl: publicBaseUrl
    myAccessPortalUrl: myAccessPortalUrl
    signInFederationIssuer: signInFederationIssuer
    signInFederationClientId: signInFederationClientId
    signInFederationClientKeyVaultReference: signInFederationClientKeyVaultReference
    signInFederationName: signInFederationName
    emailEndpoint: communication.outputs.endpoint
    emailSenderAddress: communication.outputs.senderAddress
    emailRatePerMinute: emailRates.perMinute
    emailRatePerHour: emailRates.perHour
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

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: names.alerts
    location: location
    tags: allTags
    appInsightsName: names.appInsights
    actionGroupId: alertActionGroupId
    serverErrorThreshold: alertServerErrorThreshold
  }
  dependsOn: [
    monitoring
  ]
}

output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output GATEHOUSE_PUBLIC_BASE_URL string = functionApp.outputs.publicBaseUrl
output GATEHOUSE_STORAGE_ACCOUNT string = storage.outputs.name
output GATEHOUSE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output GATEHOUSE_EMAIL_SENDER string = communication.outputs.senderAddress
output GATEHOUSE_EMAIL_USES_CUSTOM_DOMAIN bool = usesCustomEmailDomain
output GATEHOUSE_EMAIL_DOMAIN_DNS_RECORDS object = communication.outputs.customDomainVerificationRecords
