// The Function App on the Flex Consumption plan and every app setting Gatehouse reads.
// Settings hold identifiers and URLs only: storage, mail and telemetry authenticate with the
// user-assigned identity. test/infra compares the keys below with src/config.ts.

param name string
param planName string
param location string
param tags object

param identityId string
param identityClientId string

param deploymentContainerUrl string
param blobServiceUri string
param queueServiceUri string
param tableServiceUri string

param appInsightsName string

@description('Memory per instance: the sizes Flex Consumption offers; 2048 suits Node.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Scale-out limit: Flex Consumption accepts 1 to 1000.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Enabled: the API and pages answer on the public endpoint; Disabled: only through a private endpoint you add.')
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string

@description('Log Analytics workspace for the app\'s diagnostic logs; empty = no diagnostic settings.')
param diagnosticsWorkspaceId string = ''

param authIssuer string
param authAudience string
param authJwksUri string
param organizationTenantId string
param organizationName string
param organizationInitialDomain string
param organizationPreferredLanguage string
param privacyStatementUrl string
param privacyContactEmail string
param firstAdministratorObjectId string
param firstAdministratorMail string
@description('Empty = https://<default host name of this app>.')
param publicBaseUrl string
param myAccessPortalUrl string
param signInFederationIssuer string
param signInFederationClientId string
@description('A Key Vault reference, never the secret itself.')
@secure()
param signInFederationClientKeyVaultReference string
param signInFederationName string
param emailEndpoint string
param emailSenderAddress string
param emailRatePerMinute int
param emailRatePerHour int
param inviteRateLimitPer5s int
param httpMaxBodyBytes int
param backupContainer string
param backupRetentionDays int
param backupFullEveryDays int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd finds the deployment target of service `api` by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: publicNetworkAccess
    // Flex Consumption refuses site configuration properties it does not support (ARM error 51021:
    // ftpsState, alwaysOn, linuxFxVersion, use32BitWorkerProcess, ...). FTP is off through the
    // publishing credential policies below; the runtime is in functionAppConfig.
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        // Node 20 support on Azure Functions ended 2026-04-30; dev/bundle.ts targets the same version.
        version: '22'
      }
    }
  }
}

// Publishing passwords are secrets too: deployments authenticate with Entra ID (azd, az CLI).
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// A separate config resource (rather than siteConfig.appSettings) so PUBLIC_BASE_URL can use the
// host name the platform assigned to the site.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: blobServiceUri
    AzureWebJobsStorage__queueServiceUri: queueServiceUri
    AzureWebJobsStorage__tableServiceUri: tableServiceUri
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    AUTH_ISSUER: authIssuer
    AUTH_AUDIENCE: authAudience
    AUTH_JWKS_URI: authJwksUri
    ORGANIZATION_TENANT_ID: organizationTenantId
    ORGANIZATION_NAME: organizationName
    ORGANIZATION_INITIAL_DOMAIN: organizationInitialDomain
    ORGANIZATION_PREFERRED_LANGUAGE: organizationPreferredLanguage
    PRIVACY_STATEMENT_URL: privacyStatementUrl
    PRIVACY_CONTACT_EMAIL: privacyContactEmail
    FIRST_ADMINISTRATOR_OBJECT_ID: firstAdministratorObjectId
    FIRST_ADMINISTRATOR_MAIL: firstAdministratorMail
    PUBLIC_BASE_URL: empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl
    MY_ACCESS_PORTAL_URL: myAccessPortalUrl
    SIGN_IN_FEDERATION_ISSUER: signInFederationIssuer
    SIGN_IN_FEDERATION_CLIENT_ID: signInFederationClientId
    SIGN_IN_FEDERATION_CLIENT_SECRET: signInFederationClientKeyVaultReference
    SIGN_IN_FEDERATION_NAME: signInFederationName
    EMAIL_ENDPOINT: emailEndpoint
    EMAIL_SENDER_ADDRESS: emailSenderAddress
    EMAIL_RATE_PER_MINUTE: string(emailRatePerMinute)
    EMAIL_RATE_PER_HOUR: string(emailRatePerHour)
    INVITE_RATE_LIMIT_PER_5S: string(inviteRateLimitPer5s)
    HTTP_MAX_BODY_BYTES: string(httpMaxBodyBytes)
    BACKUP_CONTAINER: backupContainer
    BACKUP_RETENTION_DAYS: string(backupRetentionDays)
    BACKUP_FULL_EVERY_DAYS: string(backupFullEveryDays)
  }
}

// The linter offers only 2016-09-01 (the last non-preview version); 2021-05-01-preview is the version
// Azure Monitor documents for diagnostic settings in templates.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(diagnosticsWorkspaceId)) {
  scope: site
  name: 'gatehouse-logs'
  properties: {
    workspaceId: diagnosticsWorkspaceId
    logs: [
      { category: 'FunctionAppLogs', enabled: true }
    ]
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output publicBaseUrl string = empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl
