// What an operator must hear about, as log alerts on Application Insights, sent to the action
// group the deployment names (none = the alerts fire in the portal only).

param namePrefix string
param location string
param tags object

param appInsightsName string

@description('Resource id of the action group that receives the alerts; empty = no notification.')
param actionGroupId string

@description('5xx answers in 15 minutes above which the error-rate alert fires.')
@minValue(1)
param serverErrorThreshold int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Each query counts rows; the alert fires when the count in the window exceeds the threshold.
var rules = [
  {
    name: 'poison-messages'
    severity: 1
    description: 'A queue message failed five times and the Functions host moved it to a -poison queue (mail not sent, group not evaluated, or bulk row not processed). See infra/README.md, Operating.'
    // Logged by the Functions host when a message reaches MaxDequeueCount.
    query: 'traces | where message has "Moving message to queue" and message has "-poison"'
    threshold: 0
  }
  {
    name: 'mail-backlog'
    severity: 2
    description: 'Mails waited longer than the configured pace (EMAIL_RATE_PER_MINUTE, EMAIL_RATE_PER_HOUR) explains and were queued again: messages lost, or the sender is failing.'
    // Logged by the outbox sweep (src/domain/outbox/sweep-outbox.ts) for each entry it re-queues.
    query: 'traces | where message has "outboxRequeued"'
    threshold: 0
  }
  {
    name: 'delivery-failed'
    severity: 2
    description: 'An access package assignment request ended in deliveryFailed; reprocess it after fixing the cause.'
    // Logged by the composition root (src/deps/entitlement.ts, alertOnFailedDelivery) when a delivery is audited as failed.
    query: 'traces | where message has "accessPackageRequestDeliveryFailed"'
    threshold: 0
  }
  {
    name: 'server-errors'
    severity: 2
    description: 'More 5xx answers than usual: storage, mail or a bug. Check /api/health and the exceptions in Application Insights.'
    query: 'requests | where toint(resultCode) >= 500'
    threshold: serverErrorThreshold
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: '${namePrefix}: ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: empty(actionGroupId) ? [] : [actionGroupId]
      }
    }
  }
]

output alertNames array = [for (rule, i) in rules: alerts[i].name]
