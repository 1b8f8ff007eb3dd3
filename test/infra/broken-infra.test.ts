import { afterEach, describe, expect, it } from 'vitest';
import {
  checkAppSettings,
  checkFunctionApp,
  checkNoSecrets,
  checkParameterFiles,
  checkRoleAssignments,
  checkStorageHardening,
  checkSyntax,
  checkTablesAndQueues,
  type Rule,
  type Violation,
} from './checks';
import { CODE, copyInfra, edit } from './support';

const STORAGE = 'modules/storage.bicep';
const APP = 'modules/function-app.bicep';
const ROLES = 'modules/role-assignments.bicep';
const MONITORING = 'modules/monitoring.bicep';
const CONTOSO = 'customers/contoso.bicepparam';

const checks: Record<Rule, (dir: string) => Promise<Violation[]>> = {
  syntax: checkSyntax,
  'storage-hardening': checkStorageHardening,
  'no-secrets': checkNoSecrets,
  'app-settings': (dir) => checkAppSettings(dir, CODE),
  'tables-and-queues': (dir) => checkTablesAndQueues(dir, CODE),
  'role-assignments': checkRoleAssignments,
  'function-app': checkFunctionApp,
  'parameter-files': checkParameterFiles,
};

const RA = (symbol: string, scope: string, roleId: string) => `
resource ${symbol} 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(${scope}.id, principalId, '${roleId}')
  scope: ${scope}
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${roleId}')
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
`;

interface Break {
  when: string;
  rule: Rule;
  file: string;
  from: string | RegExp;
  to: string;
  expected: string;
}

const breaks: Break[] = [
  { when: 'a brace is left open', rule: 'syntax', file: 'main.bicep', from: "module identity 'modules/identity.bicep' = {", to: "module identity 'modules/identity.bicep' = {{", expected: 'syntax error' },
  { when: 'a registry module is used', rule: 'syntax', file: 'main.bicep', from: "'modules/identity.bicep'", to: "'br/public:avm/res/managed-identity/user-assigned-identity:0.4.0'", expected: 'comes from a registry' },
  { when: 'shared keys are allowed', rule: 'storage-hardening', file: STORAGE, from: 'allowSharedKeyAccess: false', to: 'allowSharedKeyAccess: true', expected: 'allowSharedKeyAccess must be false' },
  { when: 'allowSharedKeyAccess is omitted (Azure defaults it to true)', rule: 'storage-hardening', file: STORAGE, from: /\n\s*allowSharedKeyAccess: false/, to: '', expected: 'allowSharedKeyAccess must be false (is not set)' },
  { when: 'TLS 1.0 is allowed', rule: 'storage-hardening', file: STORAGE, from: "minimumTlsVersion: 'TLS1_2'", to: "minimumTlsVersion: 'TLS1_0'", expected: 'minimumTlsVersion must be "TLS1_2"' },
  { when: 'plain HTTP is allowed', rule: 'storage-hardening', file: STORAGE, from: 'supportsHttpsTrafficOnly: true', to: 'supportsHttpsTrafficOnly: false', expected: 'supportsHttpsTrafficOnly must be true' },
  { when: 'public blob access is allowed', rule: 'storage-hardening', file: STORAGE, from: 'allowBlobPublicAccess: false', to: 'allowBlobPublicAccess: true', expected: 'allowBlobPublicAccess must be false' },
  { when: 'an output returns listKeys()', rule: 'no-secrets', file: STORAGE, from: 'output name string = storage.name', to: 'output name string = storage.name\noutput key string = storage.listKeys().keys[0].value', expected: 'listKeys() returns secrets' },
  { when: 'an output exposes a connection string', rule: 'no-secrets', file: 'main.bicep', from: 'output AZURE_FUNCTION_APP_NAME', to: "output storageConnectionString string = 'DefaultEndpointsProtocol=https;AccountName=x'\noutput AZURE_FUNCTION_APP_NAME", expected: 'output storageConnectionString looks like a secret' },
  { when: 'an app setting carries an account key', rule: 'no-secrets', file: APP, from: "AzureWebJobsStorage__credential: 'managedidentity'", to: "AzureWebJobsStorage__credential: 'managedidentity;AccountKey=abc'", expected: 'app setting AzureWebJobsStorage__credential looks like a secret' },
  { when: 'an app setting carries a @secure() parameter', rule: 'no-secrets', file: APP, from: 'param authAudience string', to: '@secure()\nparam authAudience string', expected: 'carries @secure() parameter authAudience' },
  { when: 'Application Insights accepts local (key) auth', rule: 'no-secrets', file: MONITORING, from: 'DisableLocalAuth: true', to: 'DisableLocalAuth: false', expected: 'APPLICATIONINSIGHTS_CONNECTION_STRING is an ingestion secret' },
  { when: 'a setting the code reads is dropped', rule: 'app-settings', file: APP, from: /\n\s*AUTH_AUDIENCE: authAudience/, to: '', expected: 'AUTH_AUDIENCE is read by src/config.ts but not set' },
  { when: 'a setting nobody reads is added', rule: 'app-settings', file: APP, from: 'AUTH_ISSUER: authIssuer', to: "AUTH_ISSUER: authIssuer\n    FUNCTIONS_WORKER_RUNTIME: 'node'", expected: 'FUNCTIONS_WORKER_RUNTIME is not read by src/config.ts' },
  { when: 'a local-only connection string is set in Azure', rule: 'app-settings', file: APP, from: 'AUTH_ISSUER: authIssuer', to: "AUTH_ISSUER: authIssuer\n    EMAIL_CONNECTION_STRING: emailEndpoint", expected: 'EMAIL_CONNECTION_STRING is local-only' },
  { when: 'a setting is set twice', rule: 'app-settings', file: APP, from: 'AUTH_ISSUER: authIssuer', to: 'AUTH_ISSUER: authIssuer\n    AUTH_ISSUER: authJwksUri', expected: 'AUTH_ISSUER is set twice' },
  { when: 'storage credential is not managedidentity', rule: 'app-settings', file: APP, from: "AzureWebJobsStorage__credential: 'managedidentity'", to: "AzureWebJobsStorage__credential: 'default'", expected: "AzureWebJobsStorage__credential must be 'managedidentity'" },
  { when: 'the queue list loses the outbox', rule: 'tables-and-queues', file: STORAGE, from: "var queueNames = ['email-outbox'", to: "var queueNames = ['renamed-outbox'", expected: 'queue email-outbox is used by the code but not declared' },
  { when: 'the poison queues are dropped', rule: 'tables-and-queues', file: STORAGE, from: "name: '${queue}-poison'", to: 'name: queue', expected: 'queue email-outbox-poison is used by the code but not declared' },
  { when: 'a table the code does not use is declared', rule: 'tables-and-queues', file: STORAGE, from: 'var tableNames = [', to: "var tableNames = ['Leftovers', ", expected: 'table Leftovers is declared but the code does not use it' },
  { when: 'a table name is not a literal', rule: 'tables-and-queues', file: STORAGE, from: 'for table in tableNames:', to: 'for table in skuName:', expected: 'name is not a literal' },
  { when: 'an unneeded role (Contributor) is assigned', rule: 'role-assignments', file: ROLES, from: '// Sending mail', to: `${RA('contributor', 'storage', 'b24988ac-6180-42a0-ab88-20f7382dd24c')}\n// Sending mail`, expected: 'role b24988ac-6180-42a0-ab88-20f7382dd24c is not needed by any code path' },
  { when: 'the mail role is widened to the resource group', rule: 'role-assignments', file: ROLES, from: '  scope: communicationService\n', to: '', expected: 'Communication and Email Service Owner must be scoped to a Microsoft.Communication/communicationServices resource' },
  { when: 'a needed role is dropped', rule: 'role-assignments', file: ROLES, from: /resource tableDataContributor[\s\S]*?\n}\n/, to: '', expected: 'Storage Table Data Contributor is assigned 0 times' },
  { when: 'a second identity is declared', rule: 'role-assignments', file: 'modules/identity.bicep', from: 'output id string', to: "resource spare 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {\n  name: '${name}-2'\n  location: location\n}\n\noutput id string", expected: 'expected exactly one user-assigned identity, found 2' },
  { when: 'the app also gets a system-assigned identity', rule: 'role-assignments', file: APP, from: "type: 'UserAssigned'", to: "type: 'SystemAssigned, UserAssigned'", expected: "identity.type must be 'UserAssigned'" },
  { when: 'the plan is not Flex Consumption', rule: 'function-app', file: APP, from: "name: 'FC1'", to: "name: 'Y1'", expected: 'sku.name must be "FC1"' },
  { when: 'the Node version changes', rule: 'function-app', file: APP, from: "version: '20'", to: "version: '18'", expected: 'runtime.version must be "20"' },
  { when: 'instance memory is hard-coded', rule: 'function-app', file: APP, from: 'instanceMemoryMB: instanceMemoryMB', to: 'instanceMemoryMB: 2048', expected: 'instanceMemoryMB must come from a parameter' },
  { when: 'a customer file misses a required parameter', rule: 'parameter-files', file: CONTOSO, from: /\nparam authAudience = .*/, to: '', expected: 'required parameter authAudience is not set' },
  { when: 'a customer file sets an undeclared parameter', rule: 'parameter-files', file: CONTOSO, from: "param customerName = 'contoso'", to: "param customerName = 'contoso'\nparam storageKey = 'x'", expected: 'parameter storageKey is not declared in main.bicep' },
  { when: 'a customer file uses another template', rule: 'parameter-files', file: CONTOSO, from: "using '../main.bicep'", to: "using '../modules/storage.bicep'", expected: "must start with using '../main.bicep'" },
  { when: 'main.bicep gains a required parameter the files do not set', rule: 'parameter-files', file: 'main.bicep', from: 'param location string', to: 'param supportEmail string\n\nparam location string', expected: 'required parameter supportEmail is not set' },
];

describe('a deliberately broken copy of infra/', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it.each(breaks)('when $when, then the $rule check reports it', async ({ rule, file, from, to, expected }) => {
    const { dir, remove } = copyInfra();
    cleanup = remove;
    const reported = async () => (await checks[rule](dir)).filter((v) => v.rule === rule).map((v) => v.message);
    const theViolation = expect.arrayContaining([expect.stringContaining(expected)]);
    expect(await reported()).not.toEqual(theViolation);
    edit(dir, file, from, to);
    expect(await reported()).toEqual(theViolation);
  });
});

describe('when the code needs more than infra/ declares', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('when src/config.ts gains a setting, then the app-settings check asks for it', async () => {
    const found = await checkAppSettings(copyInfraDir(), { settingNames: [...CODE.settingNames, 'NEW_SETTING'] });
    expect(found.map((v) => v.message)).toContain('NEW_SETTING is read by src/config.ts but not set by the Bicep app settings');
  });

  it('when src/storage/names.ts gains a table and a queue, then both (and the poison queue) are asked for', async () => {
    const found = await checkTablesAndQueues(copyInfraDir(), { tables: [...CODE.tables, 'NotYetATable'], queues: [...CODE.queues, 'not-yet-a-queue'] });
    expect(found.map((v) => v.message)).toEqual(
      expect.arrayContaining([
        'table NotYetATable is used by the code but not declared',
        'queue not-yet-a-queue is used by the code but not declared',
        'queue not-yet-a-queue-poison is used by the code but not declared',
      ]),
    );
  });

  function copyInfraDir(): string {
    const { dir, remove } = copyInfra();
    cleanup = remove;
    return dir;
  }
});
