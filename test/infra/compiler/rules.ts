import { AZURE_NODE_MAJOR } from '../../../dev/bundle';
import { HEALTH_PROBE_OPERATIONS } from '../../../src/storage/health-probe';
import type { ArmTemplate, CustomerBuild, PredictedResource } from './bicep';
import { BUILT_IN_ROLES, EMAIL_SEND_ACTIONS, permits } from './roles';

/**
 * The rules the compiled deployment must keep, checked on what the Bicep compiler produced: the ARM
 * template (`bicep build`) and, per customer, the resources a deployment would create with every
 * value known before deploying (`bicep snapshot`). Each rule is a pure function returning messages,
 * so the tests can also run it on a deliberately altered copy and see it fail.
 */
export interface CodeFacts {
  settingNames: readonly string[];
  tables: readonly string[];
  queues: readonly string[];
}

export interface RuleInput {
  build: CustomerBuild;
  template: ArmTemplate;
  code: CodeFacts;
}

export type RuleName =
  | 'resource-types'
  | 'storage-hardening'
  | 'no-secrets'
  | 'app-settings'
  | 'tables-and-queues'
  | 'role-assignments'
  | 'health-probe'
  | 'function-app'
  | 'names';

/** Every resource type the deployment may create and the API version it is pinned to (a change is deliberate). */
export const API_VERSIONS: Readonly<Record<string, string>> = {
  'Microsoft.ManagedIdentity/userAssignedIdentities': '2024-11-30',
  'Microsoft.OperationalInsights/workspaces': '2025-02-01',
  'Microsoft.Insights/components': '2020-02-02',
  'Microsoft.Storage/storageAccounts': '2025-06-01',
  'Microsoft.Storage/storageAccounts/blobServices': '2025-06-01',
  'Microsoft.Storage/storageAccounts/blobServices/containers': '2025-06-01',
  'Microsoft.Storage/storageAccounts/tableServices': '2025-06-01',
  'Microsoft.Storage/storageAccounts/tableServices/tables': '2025-06-01',
  'Microsoft.Storage/storageAccounts/queueServices': '2025-06-01',
  'Microsoft.Storage/storageAccounts/queueServices/queues': '2025-06-01',
  'Microsoft.Authorization/locks': '2020-05-01',
  // Azure Monitor documents 2021-05-01-preview for diagnostic settings in templates; the only GA version is 2016.
  'Microsoft.Insights/diagnosticSettings': '2021-05-01-preview',
  'Microsoft.Communication/emailServices': '2025-05-01',
  'Microsoft.Communication/emailServices/domains': '2025-05-01',
  'Microsoft.Communication/emailServices/domains/senderUsernames': '2025-05-01',
  'Microsoft.Communication/communicationServices': '2025-05-01',
  'Microsoft.Authorization/roleAssignments': '2022-04-01',
  'Microsoft.Authorization/roleDefinitions': '2022-04-01',
  'Microsoft.Web/serverfarms': '2025-03-01',
  'Microsoft.Web/sites': '2025-03-01',
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': '2025-03-01',
  'Microsoft.Web/sites/config': '2025-03-01',
  'Microsoft.Insights/scheduledQueryRules': '2026-03-01',
};

/** Settings src/config.ts accepts for local runs only; Azure must never set them. */
export const LOCAL_ONLY_SETTINGS: Readonly<Record<string, string>> = {
  AzureWebJobsStorage: 'Azurite connection string; Azure uses the AzureWebJobsStorage__* identity settings',
  EMAIL_CONNECTION_STRING: 'local mail sink; Azure uses EMAIL_ENDPOINT with the managed identity',
  ALLOW_INSECURE_LOOPBACK: 'plain http to loopback emulators (Azurite, the mail sink)',
};

/** Settings the deployment sets although src/config.ts does not read them: the Functions host does. */
export const PLATFORM_SETTINGS: Readonly<Record<string, string>> = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'Functions host: where telemetry goes',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Functions host: send telemetry as the user-assigned identity (local auth is off)',
};

/**
 * App settings a Flex Consumption app must not have: the plan configures runtime, package and
 * content in `functionAppConfig` and refuses or ignores these (Flex Consumption documentation,
 * deprecated settings).
 */
export const FLEX_UNSUPPORTED_SETTINGS = [
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_EXTENSION_VERSION',
  'FUNCTIONS_WORKER_RUNTIME_VERSION',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'WEBSITE_CONTENTSHARE',
  'WEBSITE_CONTENTOVERVNET',
  'WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'ENABLE_ORYX_BUILD',
  'WEBSITE_TIME_ZONE',
  'TZ',
  'WEBSITE_LOAD_CERTIFICATES',
];

/**
 * The only `siteConfig` properties the app may set. Flex Consumption refuses site configuration it
 * does not support (ARM error 51021: ftpsState, alwaysOn, linuxFxVersion, use32BitWorkerProcess,
 * functionAppScaleLimit, preWarmedInstanceCount, ...); an allowlist makes each addition deliberate.
 */
export const FLEX_SITE_CONFIG_ALLOWED = ['minTlsVersion'];

/** Text that betrays a key, a connection string or a password in an output or app setting value. */
export const SECRET_PATTERN = /primaryKey|secondaryKey|connectionString|AccountKey|accessKey|InstrumentationKey|SharedAccessSignature|SharedAccessKey|\bsig=|password|secret/i;

const of = (build: CustomerBuild, type: string): PredictedResource[] => build.predicted.filter((r) => r.type.toLowerCase() === type.toLowerCase());
const props = (r: PredictedResource | undefined): Record<string, unknown> => (r?.properties ?? {}) as Record<string, unknown>;
const lastName = (r: PredictedResource): string => r.name.split('/').at(-1) ?? r.name;

/** A parameter as deployed: the customer's value, else the template default (expressions stay unresolved). */
export function parameterValue(input: RuleInput, name: string): unknown {
  return input.build.parameters[name]?.value ?? input.template.parameters[name]?.defaultValue;
}

/** The type and name path of the resource an ARM resource id points at. */
export function resourceOfId(id: string): { type: string; name: string } {
  const at = id.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) return { type: id.includes('/resourceGroups/') ? 'Microsoft.Resources/resourceGroups' : 'Microsoft.Resources/subscriptions', name: id.split('/').at(-1) ?? '' };
  const [namespace, ...rest] = id.slice(at + '/providers/'.length).split('/');
  const types = rest.filter((_, i) => i % 2 === 0);
  const names = rest.filter((_, i) => i % 2 === 1);
  return { type: [namespace, ...types].join('/'), name: names.join('/') };
}

function resourceTypes({ build }: RuleInput): string[] {
  const out: string[] = [];
  for (const r of build.predicted) {
    const pinned = API_VERSIONS[r.type];
    if (!pinned) out.push(`${r.type} ${r.name} is not a resource type this deployment may create`);
    else if (r.apiVersion !== pinned) out.push(`${r.type} ${r.name} uses API version ${r.apiVersion}, pinned to ${pinned}`);
  }
  return out;
}

function storageHardening({ build }: RuleInput): string[] {
  const out: string[] = [];
  const required: Record<string, unknown> = { allowSharedKeyAccess: false, minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true, allowBlobPublicAccess: false, defaultToOAuthAuthentication: true };
  const accounts = of(build, 'Microsoft.Storage/storageAccounts');
  if (accounts.length !== 1) out.push(`expected one storage account, found ${accounts.length}`);
  for (const account of accounts) {
    for (const [key, value] of Object.entries(required)) {
      if (props(account)[key] !== value) out.push(`storage ${account.name}: ${key} must be ${JSON.stringify(value)} (is ${JSON.stringify(props(account)[key])})`);
    }
  }
  for (const c of of(build, 'Microsoft.Storage/storageAccounts/blobServices/containers')) {
    if (props(c)['publicAccess'] !== 'None') out.push(`container ${c.name}: publicAccess must be "None"`);
  }
  return out;
}

function noSecrets({ build, template }: RuleInput): string[] {
  const out: string[] = [];
  const listCalls = JSON.stringify(template).match(/\blist[A-Z]\w*\(/g) ?? [];
  for (const call of new Set(listCalls)) out.push(`the template calls ${call}): list functions return secrets; use the managed identity`);
  for (const [name, value] of Object.entries(build.outputs)) {
    if (SECRET_PATTERN.test(`${name} ${JSON.stringify(value)}`)) out.push(`output ${name} looks like a secret`);
  }
  const secure = Object.entries(template.parameters).filter(([, p]) => /^secure/i.test(p.type)).map(([n]) => n);
  for (const name of secure) {
    if (JSON.stringify(template.outputs ?? {}).includes(`parameters('${name}')`)) out.push(`an output exposes @secure() parameter ${name}`);
  }
  const components = of(build, 'Microsoft.Insights/components');
  const localAuthOff = components.length > 0 && components.every((c) => props(c)['DisableLocalAuth'] === true);
  for (const [name, value] of Object.entries(appSettings(build))) {
    const text = String(value);
    if (name === 'APPLICATIONINSIGHTS_CONNECTION_STRING' && /Microsoft\.Insights\/components\/[^']+', '[^']+'\)\.ConnectionString\]$/.test(text)) {
      if (!localAuthOff) out.push(`${name} is an ingestion secret unless every Application Insights component sets DisableLocalAuth: true`);
      continue;
    }
    if (SECRET_PATTERN.test(text)) out.push(`app setting ${name} looks like a secret`);
  }
  for (const w of of(build, 'Microsoft.OperationalInsights/workspaces')) {
    if ((props(w)['features'] as Record<string, unknown> | undefined)?.['disableLocalAuth'] !== true) out.push(`workspace ${w.name}: features.disableLocalAuth must be true`);
  }
  return out;
}

export function appSettings(build: CustomerBuild): Record<string, unknown> {
  const config = build.predicted.find((r) => r.type === 'Microsoft.Web/sites/config' && r.name.endsWith('/appsettings'));
  return props(config);
}

function appSettingsRule({ build, code }: RuleInput): string[] {
  const out: string[] = [];
  const set = appSettings(build);
  const names = Object.keys(set);
  if (names.length === 0) out.push('no Microsoft.Web/sites/config appsettings resource');
  for (const name of code.settingNames) {
    if (!(name in LOCAL_ONLY_SETTINGS) && !names.includes(name)) out.push(`${name} is read by src/config.ts but not set by the deployment`);
  }
  for (const name of names) {
    if (name in LOCAL_ONLY_SETTINGS) out.push(`${name} is local-only (${LOCAL_ONLY_SETTINGS[name]}) and must not be set in Azure`);
    else if (FLEX_UNSUPPORTED_SETTINGS.includes(name)) out.push(`${name} is not supported on Flex Consumption`);
    else if (!code.settingNames.includes(name) && !(name in PLATFORM_SETTINGS)) out.push(`${name} is not read by src/config.ts nor by the Functions host`);
  }
  if (set['AzureWebJobsStorage__credential'] !== 'managedidentity') out.push("AzureWebJobsStorage__credential must be 'managedidentity'");
  return out;
}

function tablesAndQueues({ build, code }: RuleInput): string[] {
  const out: string[] = [];
  const compare = (kind: string, declared: string[], used: string[]) => {
    for (const n of used) if (!declared.includes(n)) out.push(`${kind} ${n} is used by the code but not declared`);
    for (const n of declared) if (!used.includes(n)) out.push(`${kind} ${n} is declared but the code does not use it`);
  };
  compare('table', of(build, 'Microsoft.Storage/storageAccounts/tableServices/tables').map(lastName), [...code.tables]);
  compare('queue', of(build, 'Microsoft.Storage/storageAccounts/queueServices/queues').map(lastName), code.queues.flatMap((q) => [q, `${q}-poison`]));
  return out;
}

interface Grant {
  assignment: PredictedResource;
  roleGuid: string;
  role: { name: string; actions: readonly string[]; dataActions: readonly string[] } | undefined;
  scopeId: string;
  scope: { type: string; name: string };
}

/** Every role assignment with its role definition (built-in, or the custom one the deployment defines) and scope. */
export function grantsOf(build: CustomerBuild): Grant[] {
  const custom = new Map(
    of(build, 'Microsoft.Authorization/roleDefinitions').map((d) => {
      const permissions = (props(d)['permissions'] as { actions?: string[]; dataActions?: string[] }[] | undefined) ?? [];
      return [d.name.toLowerCase(), { name: String(props(d)['roleName']), actions: permissions.flatMap((p) => p.actions ?? []), dataActions: permissions.flatMap((p) => p.dataActions ?? []) }];
    }),
  );
  return of(build, 'Microsoft.Authorization/roleAssignments').map((assignment) => {
    const roleGuid = String(props(assignment)['roleDefinitionId']).split('/').at(-1)!.toLowerCase();
    const scopeId = assignment.id.slice(0, assignment.id.toLowerCase().lastIndexOf('/providers/microsoft.authorization/roleassignments/'));
    return { assignment, roleGuid, role: BUILT_IN_ROLES[roleGuid] ?? custom.get(roleGuid), scopeId, scope: resourceOfId(scopeId) };
  });
}

/** Which role may be granted where, and on how many resources: each tied to what needs it. */
const ALLOWED_GRANTS: Record<string, { scopeType: string; names: (code: CodeFacts, build: CustomerBuild) => string[]; neededBy: string }> = {
  'Storage Blob Data Owner': {
    scopeType: 'Microsoft.Storage/storageAccounts/blobServices/containers',
    names: () => ['azure-webjobs-hosts', 'azure-webjobs-secrets'],
    neededBy: 'Functions host on AzureWebJobsStorage: its own containers (leases, timer locks, keys)',
  },
  'Storage Blob Data Contributor': {
    scopeType: 'Microsoft.Storage/storageAccounts/blobServices/containers',
    names: () => ['app-package'],
    neededBy: 'Flex Consumption package deployment and download',
  },
  'Storage Queue Data Contributor': {
    scopeType: 'Microsoft.Storage/storageAccounts/queueServices/queues',
    names: (code) => code.queues.flatMap((q) => [q, `${q}-poison`]),
    neededBy: 'each queue: enqueue, triggers, -poison',
  },
  'Storage Table Data Contributor': {
    scopeType: 'Microsoft.Storage/storageAccounts',
    names: (_, build) => of(build, 'Microsoft.Storage/storageAccounts').map((r) => r.name),
    neededBy: 'the directory tables (every table in the account is one of them)',
  },
  'Monitoring Metrics Publisher': {
    scopeType: 'Microsoft.Insights/components',
    names: (_, build) => of(build, 'Microsoft.Insights/components').map((r) => r.name),
    neededBy: 'telemetry with local auth disabled',
  },
  'Gatehouse Email Sender': {
    scopeType: 'Microsoft.Communication/communicationServices',
    names: (_, build) => of(build, 'Microsoft.Communication/communicationServices').map((r) => r.name),
    neededBy: 'sending mail with the managed identity',
  },
};

function roleAssignments(input: RuleInput): string[] {
  const { build, code } = input;
  const out: string[] = [];
  // emailSenderRole = 'builtin' is the documented fallback for tenants that refuse the custom role.
  const builtinMail = parameterValue(input, 'emailSenderRole') === 'builtin';
  const allowedKey = (roleName: string): string =>
    roleName.startsWith('Gatehouse Email Sender') || (builtinMail && roleName === 'Communication and Email Service Owner') ? 'Gatehouse Email Sender' : roleName;
  const identities = of(build, 'Microsoft.ManagedIdentity/userAssignedIdentities');
  if (identities.length !== 1) out.push(`expected exactly one user-assigned identity, found ${identities.length}`);
  for (const site of of(build, 'Microsoft.Web/sites')) {
    if (site.identity?.type !== 'UserAssigned') out.push(`${site.name}: identity.type must be 'UserAssigned' (is ${String(site.identity?.type)})`);
  }
  const seen = new Map<string, string[]>();
  for (const g of grantsOf(build)) {
    const label = g.role?.name ?? g.roleGuid;
    const allowed = g.role ? ALLOWED_GRANTS[allowedKey(g.role.name)] : undefined;
    if (!allowed) {
      out.push(`role ${label} is not needed by any code path`);
      continue;
    }
    if (g.scope.type !== allowed.scopeType) out.push(`${label} must be scoped to ${allowed.scopeType} (is ${g.scope.type})`);
    seen.set(allowedKey(label), [...(seen.get(allowedKey(label)) ?? []), g.scope.name.split('/').at(-1)!]);
    if (props(g.assignment)['principalType'] !== 'ServicePrincipal') out.push(`${label}: principalType must be 'ServicePrincipal'`);
    if (identities[0] && !String(props(g.assignment)['principalId']).includes(identities[0].id)) out.push(`${label} is granted to someone other than the app's identity`);
  }
  for (const [key, allowed] of Object.entries(ALLOWED_GRANTS)) {
    const wanted = allowed.names(code, build).map((n) => n.split('/').at(-1)!).sort();
    const got = (seen.get(key) ?? []).sort();
    if (JSON.stringify(wanted) !== JSON.stringify(got)) out.push(`${key} is granted on [${got.join(', ')}]; ${allowed.neededBy} needs exactly [${wanted.join(', ')}]`);
  }
  for (const d of of(build, 'Microsoft.Authorization/roleDefinitions')) {
    const p = props(d);
    const permissions = (p['permissions'] as { actions?: string[]; dataActions?: string[] }[] | undefined) ?? [];
    const actions = permissions.flatMap((x) => x.actions ?? []).sort();
    if (JSON.stringify(actions) !== JSON.stringify([...EMAIL_SEND_ACTIONS].sort())) out.push(`custom role ${String(p['roleName'])} allows [${actions.join(', ')}], not exactly the mail-send actions`);
    if (permissions.some((x) => (x.dataActions ?? []).length > 0)) out.push(`custom role ${String(p['roleName'])} must not allow data actions`);
    const scopes = (p['assignableScopes'] as string[] | undefined) ?? [];
    if (scopes.length !== 1 || resourceOfId(scopes[0]!).type !== 'Microsoft.Resources/resourceGroups') out.push(`custom role ${String(p['roleName'])} must be assignable in its resource group only`);
  }
  return out;
}

/** Each operation /api/health performs is allowed by a role the identity holds at a scope that covers the resource. */
function healthProbe({ build }: RuleInput): string[] {
  const out: string[] = [];
  const account = of(build, 'Microsoft.Storage/storageAccounts')[0];
  if (!account) return ['no storage account to probe'];
  for (const op of HEALTH_PROBE_OPERATIONS) {
    const resourceId = `${account.id}/${op.service === 'table' ? 'tableServices/default/tables' : 'queueServices/default/queues'}/${op.resource}`;
    const granted = grantsOf(build).some((g) => g.role && resourceId.toLowerCase().startsWith(g.scopeId.toLowerCase()) && g.role.dataActions.some((a) => permits(a, op.dataAction)));
    if (!granted) out.push(`${op.operation} on ${op.resource} needs ${op.dataAction}, which no role the app holds allows on that ${op.service}`);
  }
  return out;
}

function functionApp(input: RuleInput): string[] {
  const { build } = input;
  const out: string[] = [];
  const plans = of(build, 'Microsoft.Web/serverfarms');
  const sites = of(build, 'Microsoft.Web/sites');
  if (plans.length !== 1) out.push(`expected one Microsoft.Web/serverfarms, found ${plans.length}`);
  if (sites.length !== 1) out.push(`expected one Microsoft.Web/sites, found ${sites.length}`);
  for (const plan of plans) {
    if (plan.sku?.['name'] !== 'FC1' || plan.sku?.['tier'] !== 'FlexConsumption') out.push(`${plan.name}: sku must be FC1 / FlexConsumption (is ${JSON.stringify(plan.sku)})`);
    if (props(plan)['reserved'] !== true) out.push(`${plan.name}: reserved must be true (Linux)`);
  }
  for (const site of sites) {
    const p = props(site);
    const config = (p['functionAppConfig'] ?? {}) as { runtime?: Record<string, unknown>; deployment?: { storage?: { type?: string; authentication?: { type?: string } } }; scaleAndConcurrency?: Record<string, unknown> };
    if (site.kind !== 'functionapp,linux') out.push(`${site.name}: kind must be "functionapp,linux" (is ${String(site.kind)})`);
    if (p['httpsOnly'] !== true) out.push(`${site.name}: httpsOnly must be true`);
    if (config.runtime?.['name'] !== 'node' || config.runtime?.['version'] !== String(AZURE_NODE_MAJOR)) out.push(`${site.name}: runtime must be node ${AZURE_NODE_MAJOR}, the bundle's target (is ${JSON.stringify(config.runtime)})`);
    if (config.deployment?.storage?.type !== 'blobContainer' || config.deployment.storage.authentication?.type !== 'UserAssignedIdentity') out.push(`${site.name}: the package must come from a blob container with the user-assigned identity`);
    for (const key of Object.keys((p['siteConfig'] ?? {}) as object)) {
      if (!FLEX_SITE_CONFIG_ALLOWED.includes(key)) out.push(`${site.name}: siteConfig.${key} is not on the list of properties checked against Flex Consumption`);
    }
    const memory = config.scaleAndConcurrency?.['instanceMemoryMB'];
    const instances = config.scaleAndConcurrency?.['maximumInstanceCount'];
    if (memory !== parameterValue(input, 'instanceMemoryMB')) out.push(`${site.name}: instanceMemoryMB must come from the instanceMemoryMB parameter`);
    if (instances !== parameterValue(input, 'maximumInstanceCount')) out.push(`${site.name}: maximumInstanceCount must come from the maximumInstanceCount parameter`);
    if (![512, 2048, 4096].includes(memory as number)) out.push(`${site.name}: instanceMemoryMB ${String(memory)} is not a Flex Consumption size (512, 2048, 4096)`);
    if (typeof instances !== 'number' || instances < 1 || instances > 1000) out.push(`${site.name}: maximumInstanceCount ${String(instances)} is outside Flex Consumption's 1-1000`);
  }
  for (const policy of of(build, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies')) {
    if (props(policy)['allow'] !== false) out.push(`${policy.name}: basic-auth publishing must be off`);
  }
  return out;
}

/** Naming rules of each resource type the customer name feeds (Azure resource naming rules). */
export const NAME_RULES: Readonly<Record<string, { pattern: RegExp; rule: string }>> = {
  'Microsoft.Storage/storageAccounts': { pattern: /^[a-z0-9]{3,24}$/, rule: '3-24 lowercase letters and digits, globally unique' },
  // 60 is Azure's limit; 32 keeps the Functions host id (the name's first 32 characters) unique.
  'Microsoft.Web/sites': { pattern: /^(?=.{2,32}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, rule: '2-32 lowercase letters, digits and hyphens (host id), globally unique DNS label' },
  'Microsoft.Web/serverfarms': { pattern: /^[a-zA-Z0-9-]{1,60}$/, rule: '1-60 letters, digits and hyphens' },
  'Microsoft.ManagedIdentity/userAssignedIdentities': { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/, rule: '3-128 letters, digits, hyphens and underscores, starting with a letter or digit' },
  'Microsoft.OperationalInsights/workspaces': { pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/, rule: '4-63 letters, digits and hyphens' },
  'Microsoft.Insights/components': { pattern: /^[^%&\\?/]{1,260}$/, rule: '1-260 characters, none of %&\\?/' },
  'Microsoft.Communication/communicationServices': { pattern: /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, rule: '1-63 letters, digits and hyphens, globally unique DNS label' },
  'Microsoft.Communication/emailServices': { pattern: /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, rule: '1-63 letters, digits and hyphens' },
  'Microsoft.Insights/scheduledQueryRules': { pattern: /^[^*<>%{}&:\\?+/#|]{1,260}$/, rule: '1-260 characters, none of *<>%{}&:\\?+/#|' },
};

function names(input: RuleInput): string[] {
  const out: string[] = [];
  const customer = String(parameterValue(input, 'customerName'));
  for (const r of input.build.predicted) {
    const rule = NAME_RULES[r.type];
    if (!rule) continue;
    if (!rule.pattern.test(r.name)) out.push(`${r.type} name ${r.name} breaks its naming rule: ${rule.rule}`);
    const stem = r.type === 'Microsoft.Storage/storageAccounts' ? customer.replace(/-/g, '').slice(0, 9) : r.type === 'Microsoft.Web/sites' ? customer.slice(0, 12) : customer;
    if (!r.name.includes(stem)) out.push(`${r.type} name ${r.name} does not carry the customer name ${customer}`);
  }
  return out;
}

export const RULES: Readonly<Record<RuleName, (input: RuleInput) => string[]>> = {
  'resource-types': resourceTypes,
  'storage-hardening': storageHardening,
  'no-secrets': noSecrets,
  'app-settings': appSettingsRule,
  'tables-and-queues': tablesAndQueues,
  'role-assignments': roleAssignments,
  'health-probe': healthProbe,
  'function-app': functionApp,
  names,
};
