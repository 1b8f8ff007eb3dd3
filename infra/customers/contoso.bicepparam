// Example customer. Copy to infra/customers/<customer>.bicepparam and change the values;
// infra/README.md lists every parameter. No secrets belong here: there are none to set.
using '../main.bicep'

param customerName = 'contoso'
param tags = {
  environment: 'production'
  costCenter: 'identity'
}

// The customer's Entra tenant and the app registration that protects the API.
param entraTenantId = '11111111-2222-3333-4444-555555555555'
param authAudience = '22222222-3333-4444-5555-666666666666' // Application (client) ID of the API app registration

// The organization Gatehouse serves.
param organizationName = 'Contoso Ltd'
param organizationInitialDomain = 'contoso.onmicrosoft.com'
param organizationPreferredLanguage = 'en-US'
param privacyStatementUrl = 'https://www.contoso.com/privacy'
param privacyContactEmail = 'privacy@contoso.com'
// The first Global Administrator (object id in the Entra tenant, mail): seeded at their first sign-in.
param firstAdministratorObjectId = '33333333-4444-5555-6666-777777777777'
param firstAdministratorMail = 'it.admin@contoso.com'

// Mail: start on the Azure-managed domain; set customEmailDomain, publish the DNS records from
// the deployment output, verify, then set customEmailDomainVerified = true and deploy again.
param emailDataLocation = 'Europe'
param customEmailDomain = ''
param customEmailDomainVerified = false

// Hosting.
param instanceMemoryMB = 2048
param maximumInstanceCount = 20
