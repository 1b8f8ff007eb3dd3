// The blob container the exportTables timer writes table exports to (see `npm run restore`), and,
// optionally, a time-based retention policy that makes every export immutable for a number of days:
// nobody, not even an owner of the account, can change or delete it before then, so an operator's
// mistake (or a stolen identity) cannot take the backups with it. The app deletes exports past
// BACKUP_RETENTION_DAYS; with the policy on, a deletion the policy forbids is retried next hour.

param storageAccountName string

@description('The container of the table exports (the app setting BACKUP_CONTAINER).')
param containerName string = 'gatehouse-backups'

@description('Days the app keeps table exports (BACKUP_RETENTION_DAYS).')
@minValue(1)
param retentionDays int = 35

@description('Make exports immutable for immutabilityDays (a time-based retention policy on the container).')
param immutable bool = false

@description('Days an export stays immutable; at most retentionDays, or exports outlive their retention.')
@minValue(1)
@maxValue(146000)
param immutabilityDays int = 7

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' existing = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}

// Unlocked: the period can still be extended or the policy removed by an owner. Lock it
// (az storage container immutability-policy lock) once the period is settled; a locked policy
// can only be extended, never shortened or deleted.
resource retentionPolicy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = if (immutable) {
  parent: container
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: min(immutabilityDays, retentionDays)
    allowProtectedAppendWrites: false
  }
}

output containerName string = container.name
output retentionDays int = retentionDays
