import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../../src/config';
import { QUEUES, TABLES } from '../../../src/storage/names';
import { LINTER_RULES_THAT_MUST_FAIL } from './linter-rules';
import { BICEP_VERSION, compiledInfra, compilerTestsRun, INFRA_DIR, type CompiledInfra, type CustomerBuild, type PredictedResource } from './bicep';
import { RULES, type CodeFacts, type RuleInput, type RuleName } from './rules';

/** The azd environment variable that sets a main.bicep parameter: GATEHOUSE_ + the name in upper snake case. */
function azdVariable(parameter: string): string {
  if (parameter === 'customerName') return 'AZURE_ENV_NAME';
  if (parameter === 'location') return 'AZURE_LOCATION';
  return `GATEHOUSE_${parameter.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase()}`;
}

const CODE: CodeFacts = { settingNames: SETTING_NAMES, tables: TABLES, queues: QUEUES };
const compiler = compilerTestsRun();
if (!compiler.run) console.warn(compiler.why);


describe.skipIf(!compiler.run)(`infra/ compiled by Bicep ${BICEP_VERSION}`, { timeout: 600_000 }, () => {
  let compiled: CompiledInfra;
  beforeAll(async () => {
    compiled = await compiledInfra();
  }, 600_000);

  it('when main.bicep is built, then the compiler succeeds without a single diagnostic', () => {
    expect(compiled.build.diagnostics).toEqual([]);
    expect(compiled.build.stderr.trim()).toBe('');
    expect(compiled.build.code).toBe(0);
    expect(Object.keys(compiled.template.parameters).length).toBeGreaterThan(10);
  });

  it('when main.bicep is linted with infra/bicepconfig.json, then nothing is reported', () => {
    expect(compiled.lint.diagnostics).toEqual([]);
    expect(compiled.lint.code).toBe(0);
  });

  it('when bicepconfig.json is read, then the rules that matter are errors, not warnings', () => {
    const config = JSON.parse(readFileSync(path.join(INFRA_DIR, 'bicepconfig.json'), 'utf8')) as { analyzers: { core: { rules: Record<string, { level: string }> } } };
    const rules = config.analyzers.core.rules;
    expect(LINTER_RULES_THAT_MUST_FAIL.filter((r) => rules[r]?.level !== 'error')).toEqual([]);
  });

  it('when customers/ is read, then there is at least one customer and each file is named after its customerName', () => {
    expect(compiled.customers.length).toBeGreaterThan(0);
    for (const c of compiled.customers) expect(c.parameters['customerName']?.value).toBe(c.customer);
  });

  it('when azd fills main.parameters.json, then every parameter can be set from an azd environment variable the README names', () => {
    // azd leaves out a parameter whose variable is unset, so main.bicep's default applies (azure-dev, bicep_provider.go).
    const azd = JSON.parse(readFileSync(path.join(INFRA_DIR, 'main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: unknown }> };
    const readme = readFileSync(path.join(INFRA_DIR, 'README.md'), 'utf8');
    const declared = Object.keys(compiled.template.parameters);
    expect(Object.fromEntries(Object.entries(azd.parameters).map(([n, p]) => [n, p.value]))).toEqual(Object.fromEntries(declared.map((n) => [n, `\${${azdVariable(n)}}`])));
    expect(declared.map(azdVariable).filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });

  it('when main.bicep declares a parameter, then the parameter table of infra/README.md documents it', () => {
    const readme = readFileSync(path.join(INFRA_DIR, 'README.md'), 'utf8');
    expect(Object.keys(compiled.template.parameters).filter((p) => !readme.includes(`| \`${p}\` |`))).toEqual([]);
  });

  describe.each(Object.keys(RULES) as RuleName[])('rule %s', (rule) => {
    it('when every customer deployment is checked, then it holds', () => {
      for (const build of compiled.customers) {
        expect({ customer: build.customer, violations: RULES[rule]({ build, template: compiled.template, code: CODE }) }).toEqual({ customer: build.customer, violations: [] });
      }
    });
  });

  describe('a deliberately altered compiled deployment', () => {
    interface Break {
      when: string;
      rule: RuleName;
      change: (input: RuleInput) => void;
      expected: string;
    }
    const first = (input: RuleInput, type: string): PredictedResource => {
      const found = input.build.predicted.find((r) => r.type === type);
      if (!found) throw new Error(`no ${type} in the snapshot`);
      return found;
    };
    const properties = (r: PredictedResource): Record<string, unknown> => (r.properties ??= {});
    const settings = (input: RuleInput) => properties(input.build.predicted.find((r) => r.type === 'Microsoft.Web/sites/config')!);
    const site = (input: RuleInput) => properties(first(input, 'Microsoft.Web/sites')) as { functionAppConfig: { runtime: { version: string }; scaleAndConcurrency: { maximumInstanceCount: number } }; siteConfig: Record<string, unknown> };
    const assignmentOf = (input: RuleInput, roleGuid: string) => input.build.predicted.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments' && String(r.properties?.['roleDefinitionId']).endsWith(roleGuid));
    const TABLE_ROLE = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3';

    const breaks: Break[] = [
      { when: 'a resource moves to an older API version', rule: 'resource-types', change: (i) => void (first(i, 'Microsoft.Web/sites').apiVersion = '2022-03-01'), expected: 'uses API version 2022-03-01, pinned to 2025-03-01' },
      { when: 'a resource type nobody reviewed is added', rule: 'resource-types', change: (i) => void i.build.predicted.push({ id: '/x', type: 'Microsoft.KeyVault/vaults', name: 'kv', apiVersion: '2024-11-01' }), expected: 'Microsoft.KeyVault/vaults kv is not a resource type' },
      { when: 'shared keys are allowed', rule: 'storage-hardening', change: (i) => void (properties(first(i, 'Microsoft.Storage/storageAccounts'))['allowSharedKeyAccess'] = true), expected: 'allowSharedKeyAccess must be false' },
      { when: 'the TLS floor is dropped (Azure would default it)', rule: 'storage-hardening', change: (i) => void delete properties(first(i, 'Microsoft.Storage/storageAccounts'))['minimumTlsVersion'], expected: 'minimumTlsVersion must be "TLS1_2"' },
      { when: 'a container is public', rule: 'storage-hardening', change: (i) => void (properties(first(i, 'Microsoft.Storage/storageAccounts/blobServices/containers'))['publicAccess'] = 'Blob'), expected: 'publicAccess must be "None"' },
      { when: 'the template calls listKeys()', rule: 'no-secrets', change: (i) => void (i.template.outputs = { ...i.template.outputs, key: { type: 'string', value: "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'x'), '2025-06-01').keys[0].value]" } }), expected: 'the template calls listKeys()' },
      { when: 'an output carries a connection string', rule: 'no-secrets', change: (i) => void (i.build.outputs['storageConnectionString'] = 'DefaultEndpointsProtocol=https;AccountName=x'), expected: 'output storageConnectionString looks like a secret' },
      { when: 'Application Insights accepts keys', rule: 'no-secrets', change: (i) => void (properties(first(i, 'Microsoft.Insights/components'))['DisableLocalAuth'] = false), expected: 'APPLICATIONINSIGHTS_CONNECTION_STRING is an ingestion secret' },
      { when: 'an app setting carries an account key', rule: 'no-secrets', change: (i) => void (settings(i)['AUTH_AUDIENCE'] = 'x;AccountKey=abc'), expected: 'app setting AUTH_AUDIENCE looks like a secret' },
      { when: 'a setting the code reads is dropped', rule: 'app-settings', change: (i) => void delete settings(i)['AUTH_AUDIENCE'], expected: 'AUTH_AUDIENCE is read by src/config.ts but not set' },
      { when: 'FUNCTIONS_WORKER_RUNTIME is set (Flex Consumption refuses it)', rule: 'app-settings', change: (i) => void (settings(i)['FUNCTIONS_WORKER_RUNTIME'] = 'node'), expected: 'FUNCTIONS_WORKER_RUNTIME is not supported on Flex Consumption' },
      { when: 'a local-only connection string is set', rule: 'app-settings', change: (i) => void (settings(i)['EMAIL_CONNECTION_STRING'] = 'endpoint=x'), expected: 'EMAIL_CONNECTION_STRING is local-only' },
      { when: 'the storage credential is not the managed identity', rule: 'app-settings', change: (i) => void (settings(i)['AzureWebJobsStorage__credential'] = 'default'), expected: "must be 'managedidentity'" },
      { when: 'src/config.ts gains a setting', rule: 'app-settings', change: (i) => void (i.code = { ...i.code, settingNames: [...i.code.settingNames, 'NEW_SETTING'] }), expected: 'NEW_SETTING is read by src/config.ts but not set' },
      { when: 'a poison queue is dropped', rule: 'tables-and-queues', change: (i) => void (i.build.predicted = i.build.predicted.filter((r) => !r.name.endsWith('/email-outbox-poison'))), expected: 'queue email-outbox-poison is used by the code but not declared' },
      { when: 'src/storage/names.ts gains a table', rule: 'tables-and-queues', change: (i) => void (i.code = { ...i.code, tables: [...i.code.tables, 'NotYetATable'] }), expected: 'table NotYetATable is used by the code but not declared' },
      {
        when: 'Contributor is granted on the resource group',
        rule: 'role-assignments',
        change: (i) => {
          const template = assignmentOf(i, TABLE_ROLE)[0]!;
          const rg = template.id.split('/providers/')[0]!;
          i.build.predicted.push({ ...template, id: `${rg}/providers/Microsoft.Authorization/roleAssignments/x`, properties: { ...template.properties, roleDefinitionId: '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c' } });
        },
        expected: 'role b24988ac-6180-42a0-ab88-20f7382dd24c is not needed by any code path',
      },
      {
        when: 'the table role is widened to the resource group',
        rule: 'role-assignments',
        change: (i) => {
          const a = assignmentOf(i, TABLE_ROLE)[0]!;
          a.id = `${a.id.split('/providers/')[0]!}/providers/Microsoft.Authorization/roleAssignments/${a.name}`;
        },
        expected: 'Storage Table Data Contributor must be scoped to Microsoft.Storage/storageAccounts (is Microsoft.Resources/resourceGroups)',
      },
      {
        when: 'the custom mail role gains the right to read keys',
        rule: 'role-assignments',
        change: (i) => {
          const p = properties(first(i, 'Microsoft.Authorization/roleDefinitions')) as { permissions: { actions: string[] }[] };
          p.permissions[0]!.actions.push('Microsoft.Communication/CommunicationServices/ListKeys/action');
        },
        expected: 'not exactly the mail-send actions',
      },
      { when: 'the app also runs as a system-assigned identity', rule: 'role-assignments', change: (i) => void (first(i, 'Microsoft.Web/sites').identity = { type: 'SystemAssigned, UserAssigned' }), expected: "identity.type must be 'UserAssigned'" },
      { when: 'the queue role covers only the poison queues', rule: 'role-assignments', change: (i) => void (i.build.predicted = i.build.predicted.filter((r) => !(r.type === 'Microsoft.Authorization/roleAssignments' && /queues\/email-outbox\/providers/.test(r.id)))), expected: 'Storage Queue Data Contributor is granted on' },
      { when: 'the table role is dropped, so /api/health could not read the Settings table', rule: 'health-probe', change: (i) => void (i.build.predicted = i.build.predicted.filter((r) => !assignmentOf(i, TABLE_ROLE).includes(r))), expected: 'Query Entities on Settings needs Microsoft.Storage/storageAccounts/tableServices/tables/entities/read' },
      { when: 'the email-outbox queue loses its role', rule: 'health-probe', change: (i) => void (i.build.predicted = i.build.predicted.filter((r) => !(r.type === 'Microsoft.Authorization/roleAssignments' && /queues\/email-outbox\/providers/.test(r.id)))), expected: 'Peek Messages on email-outbox needs' },
      { when: 'the runtime goes back to Node 20', rule: 'function-app', change: (i) => void (site(i).functionAppConfig.runtime.version = '20'), expected: 'runtime must be node 22' },
      { when: 'siteConfig.ftpsState is set (ARM error 51021 on Flex Consumption)', rule: 'function-app', change: (i) => void (site(i).siteConfig['ftpsState'] = 'Disabled'), expected: 'siteConfig.ftpsState is not on the list' },
      { when: 'the scale limit is hard-coded beyond the plan', rule: 'function-app', change: (i) => void (site(i).functionAppConfig.scaleAndConcurrency.maximumInstanceCount = 5000), expected: 'maximumInstanceCount 5000 is outside' },
      { when: 'the plan is Consumption (Y1)', rule: 'function-app', change: (i) => void (first(i, 'Microsoft.Web/serverfarms').sku = { name: 'Y1', tier: 'Dynamic' }), expected: 'sku must be FC1 / FlexConsumption' },
      { when: 'FTP publishing is allowed again', rule: 'function-app', change: (i) => void (properties(first(i, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies'))['allow'] = true), expected: 'basic-auth publishing must be off' },
      { when: 'the storage account name gets a hyphen', rule: 'names', change: (i) => void (first(i, 'Microsoft.Storage/storageAccounts').name = 'st-contoso-x'), expected: 'name st-contoso-x breaks its naming rule' },
      { when: 'the Function App name passes 32 characters', rule: 'names', change: (i) => void (first(i, 'Microsoft.Web/sites').name = 'func-contoso-averyveryverylongsuffix'), expected: 'breaks its naming rule: 2-32' },
    ];

    it.each(breaks)('when $when, then rule $rule reports it', ({ rule, change, expected }) => {
      const build = structuredClone(compiled.customers[0]!) as CustomerBuild;
      const input: RuleInput = { build, template: structuredClone(compiled.template), code: CODE };
      const found = () => RULES[rule](input);
      expect(found().filter((m) => m.includes(expected))).toEqual([]);
      change(input);
      expect(found()).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
    });
  });
});
