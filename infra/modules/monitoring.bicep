// Logs and telemetry. Local (key-based) ingestion is disabled on both resources, so the
// instrumentation key inside the connection string is only an identifier: telemetry is accepted
// only with an Entra token of an identity holding Monitoring Metrics Publisher.

param workspaceName string
param appInsightsName string
param location string
param tags object

@description('Days Log Analytics keeps the data.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

output appInsightsName string = appInsights.name
output workspaceName string = workspace.name
output workspaceId string = workspace.id
