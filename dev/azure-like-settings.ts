/**
 * Settings shaped like the ones infra/ sets in Azure. The app reads its settings when it loads,
 * so without them it would stop before registering anything. Clients are built lazily: loading
 * makes no network call, so these hosts are never contacted.
 */
export const AZURE_LIKE_SETTINGS: Readonly<Record<string, string>> = {
  AzureWebJobsStorage__credential: 'managedidentity',
  AzureWebJobsStorage__clientId: '00000000-0000-4000-8000-000000000001',
  AzureWebJobsStorage__blobServiceUri: 'https://stbench.blob.core.windows.net',
  AzureWebJobsStorage__queueServiceUri: 'https://stbench.queue.core.windows.net',
  AzureWebJobsStorage__tableServiceUri: 'https://stbench.table.core.windows.net',
  AUTH_ISSUER: 'https://login.microsoftonline.com/00000000-0000-4000-8000-000000000002/v2.0',
  AUTH_AUDIENCE: 'api://gatehouse-bench',
  AUTH_JWKS_URI: 'https://login.microsoftonline.com/00000000-0000-4000-8000-000000000002/discovery/v2.0/keys',
  ORGANIZATION_TENANT_ID: '00000000-0000-4000-8000-000000000002',
  ORGANIZATION_NAME: 'Bench Ltd',
  ORGANIZATION_INITIAL_DOMAIN: 'bench.onmicrosoft.com',
  PUBLIC_BASE_URL: 'https://func-bench.azurewebsites.net',
  EMAIL_ENDPOINT: 'https://acs-bench.europe.communication.azure.com',
  EMAIL_SENDER_ADDRESS: 'DoNotReply@bench.azurecomm.net',
  EMAIL_RATE_PER_MINUTE: '5',
  EMAIL_RATE_PER_HOUR: '10',
};
