import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveMailRates, SETTING_NAMES } from '../../../src/config';
import { QUEUES, TABLES } from '../../../src/storage/names';
import { bicep, compilerTestsRun, customerFiles, INFRA_DIR, snapshotVariants, type CustomerBuild, type Snapshot } from './bicep';
import { LINTER_RULES_THAT_MUST_FAIL } from './linter-rules';
import { appSettings, RULES, type RuleInput } from './rules';

const compiler = compilerTestsRun();

/** A scratch copy of infra/ with one file changed; the edit must match, so a break cannot silently miss. */
function brokenCopy(file: string, from: string, to: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-broken-'));
  cpSync(INFRA_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  const before = readFileSync(target, 'utf8');
  if (!before.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(target, before.replace(from, to));
  return dir;
}

const REQUIRED = `param entraTenantId = '11111111-2222-3333-4444-555555555555'
param authAudience = '22222222-3333-4444-5555-666666666666'
param organizationName = 'Variant Ltd'
param organizationInitialDomain = 'variant.onmicrosoft.com'`;
const variant = (customerName: string, extra = ''): string => `param customerName = '${customerName}'\n${REQUIRED}\n${extra}`;
const failure = (s: Snapshot | undefined): string => `${s?.run.stdout ?? ''}${s?.run.stderr ?? ''}`;

describe.skipIf(!compiler.run)('a deliberately broken copy of infra/, compiled', { timeout: 300_000 }, () => {
  const scratch: string[] = [];
  afterEach(() => {
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const copy = (file: string, from: string, to: string) => {
    const dir = brokenCopy(file, from, to);
    scratch.push(dir);
    return dir;
  };

  it('when main.bicep passes a string where the module expects an int, then bicep build fails with a type error', async () => {
    const dir = copy('main.bicep', 'maximumInstanceCount: maximumInstanceCount', "maximumInstanceCount: 'forty'");
    const run = await bicep(['build', 'main.bicep', '--stdout'], dir);
    expect(run.code).not.toBe(0);
    expect(run.diagnostics.join('\n')).toMatch(/main\.bicep\(\d+,\d+\) : Error BCP\d+: .*int/);
  });

  it('when a module gains a parameter nobody uses, then the linter stops the build (no-unused-params is an error)', async () => {
    const dir = copy('modules/identity.bicep', 'param location string', 'param location string\nparam leftover string = \'x\'');
    const run = await bicep(['lint', 'main.bicep'], dir);
    expect(run.code).not.toBe(0);
    expect(run.diagnostics.join('\n')).toContain('Error no-unused-params');
  });

  it('when a module hard-codes the public cloud login URL, then the linter stops the build (no-hardcoded-env-urls is an error)', async () => {
    const dir = copy('main.bicep', "param authJwksUri string = '${environment().authentication.loginEndpoint}", "param authJwksUri string = 'https://login.microsoftonline.com/");
    const run = await bicep(['lint', 'main.bicep'], dir);
    expect(run.code).not.toBe(0);
    expect(run.diagnostics.join('\n')).toContain('Error no-hardcoded-env-urls');
  });

  it('when a file breaks each rule bicepconfig.json raises, then the linter reports every one of them as an error', async () => {
    const dir = copy('main.bicep', 'param customerName string', 'param customerName string');
    writeFileSync(path.join(dir, 'lint-violations.bicep'), readFileSync(path.join(__dirname, 'fixtures', 'lint-violations.bicep')));
    const run = await bicep(['lint', 'lint-violations.bicep'], dir);
    expect(run.code).not.toBe(0);
    const reported = new Set(run.diagnostics.map((d) => / : Error ([a-z-]+):/.exec(d)?.[1]).filter(Boolean));
    expect(LINTER_RULES_THAT_MUST_FAIL.filter((rule) => !reported.has(rule))).toEqual([]);
  });

  it('when a customer file sets a parameter main.bicep does not declare, then build-params fails', async () => {
    const file = customerFiles()[0]!;
    const dir = copy(`customers/${file}`, "using '../main.bicep'", "using '../main.bicep'\n\nparam storageKey = 'x'");
    const run = await bicep(['build-params', `customers/${file}`, '--stdout'], dir);
    expect(run.code).not.toBe(0);
    expect(run.diagnostics.join('\n')).toMatch(/Error BCP\d+: .*storageKey/);
  });
});

describe.skipIf(!compiler.run)('main.bicep with parameter values no customer file has', { timeout: 900_000 }, () => {
  const code = { settingNames: SETTING_NAMES, tables: TABLES, queues: QUEUES };
  const rates = {
    managedDefault: { params: '', quota: { perMinute: 5, perHour: 10 }, set: {} },
    managedMinuteRaised: { params: 'param emailRatePerMinute = 20', quota: { perMinute: 5, perHour: 10 }, set: { perMinute: 20 } },
    managedHourLowered: { params: 'param emailRatePerHour = 3', quota: { perMinute: 5, perHour: 10 }, set: { perHour: 3 } },
    customMinuteRaised: { params: "param customEmailDomain = 'mail.variant.example'\nparam customEmailDomainVerified = true\nparam emailRatePerMinute = 200", quota: { perMinute: 30, perHour: 100 }, set: { perMinute: 200 } },
  };
  const refused = { upper: 'Contoso', doubleHyphen: 'con--toso', trailingHyphen: 'contoso-' };
  let snapshots: Record<string, Snapshot>;

  const input = (name: string, customerName: string, extra: Record<string, unknown> = {}): RuleInput => {
    const s = snapshots[name]!;
    const build: CustomerBuild = { customer: name, file: `${name}.bicepparam`, parameters: Object.fromEntries(Object.entries({ customerName, ...extra }).map(([k, v]) => [k, { value: v }])), predicted: s.predicted, outputs: s.outputs };
    return { build, template: { parameters: {}, resources: {} }, code };
  };

  it('when the variants are snapshotted, then the valid ones deploy and the invalid ones are refused before any resource changes', async () => {
    snapshots = await snapshotVariants({
      longest: variant('abcdefghij-klmnopq-r', "param emailSenderRole = 'builtin'\nparam lockStorage = true\nparam diagnosticSettings = false"),
      ...Object.fromEntries(Object.entries(rates).map(([name, r]) => [name, variant(name.toLowerCase(), r.params)])),
      ...Object.fromEntries(Object.entries(refused).map(([name, customerName]) => [`refused-${name}`, variant(customerName)])),
      ratesDisagree: variant('rates', 'param emailRatePerMinute = 60\nparam emailRatePerHour = 30'),
    });
    for (const name of ['longest', ...Object.keys(rates)]) expect({ name, code: snapshots[name]!.run.code, out: failure(snapshots[name]) }).toMatchObject({ name, code: 0 });
  });

  it('when the customer name is 20 characters with hyphens, then every resource name it feeds keeps its naming rule', () => {
    expect(RULES.names(input('longest', 'abcdefghij-klmnopq-r'))).toEqual([]);
    expect(snapshots['longest']!.predicted.length).toBeGreaterThan(40);
  });

  it.each(Object.entries(refused))('when the customer name is %s (%s), then the deployment stops naming customerName', (name, customerName) => {
    const s = snapshots[`refused-${name}`];
    expect(s?.run.code).not.toBe(0);
    expect(failure(s)).toContain(`customerName '${customerName}' must use lowercase letters`);
  });

  it.each(Object.entries(rates))('when the mail parameters are %s, then the deployed rates equal what src/config.ts derives', (name, r) => {
    const settings = appSettings(input(name, name.toLowerCase()).build);
    expect({ perMinute: Number(settings['EMAIL_RATE_PER_MINUTE']), perHour: Number(settings['EMAIL_RATE_PER_HOUR']) }).toEqual(deriveMailRates(r.set, r.quota));
  });

  it('when both mail rates are set and disagree, then the deployment stops naming both parameters', () => {
    const s = snapshots['ratesDisagree'];
    expect(s?.run.code).not.toBe(0);
    expect(failure(s)).toContain('emailRatePerHour (30) is below emailRatePerMinute (60)');
  });

  it('when the options are turned (built-in mail role, storage lock, no diagnostics), then the template follows and the rules still hold', () => {
    const s = snapshots['longest']!;
    const types = s.predicted.map((r) => r.type);
    expect(types).toContain('Microsoft.Authorization/locks');
    expect(types).not.toContain('Microsoft.Insights/diagnosticSettings');
    expect(types).not.toContain('Microsoft.Authorization/roleDefinitions');
    expect(RULES['role-assignments'](input('longest', 'abcdefghij-klmnopq-r', { emailSenderRole: 'builtin' }))).toEqual([]);
  });
});
