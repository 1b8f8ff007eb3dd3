import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkAppSettings,
  checkFunctionApp,
  checkNoSecrets,
  checkParameterFiles,
  checkRoleAssignments,
  checkStorageHardening,
  checkSyntax,
  checkTablesAndQueues,
} from './checks';
import { LOCAL_ONLY_SETTINGS, PLATFORM_SETTINGS } from './checks/app-settings';
import { loadInfra } from './checks/violation';
import { CODE, INFRA_DIR } from './support';

describe('infra/ as committed', () => {
  it('when every .bicep file is parsed, then tree-sitter-bicep finds no error and no registry module', async () => {
    expect(await checkSyntax(INFRA_DIR)).toEqual([]);
  });

  it('when the storage account is read, then shared keys are off, TLS 1.2 and HTTPS are required, blobs are private', async () => {
    expect(await checkStorageHardening(INFRA_DIR)).toEqual([]);
  });

  it('when outputs and app settings are read, then none carries a key, connection string or secret', async () => {
    expect(await checkNoSecrets(INFRA_DIR)).toEqual([]);
  });

  it('when app settings are compared with src/config.ts, then each side covers the other', async () => {
    expect(await checkAppSettings(INFRA_DIR, CODE)).toEqual([]);
  });

  it('when tables and queues are compared with src/storage/names.ts, then they match exactly', async () => {
    expect(await checkTablesAndQueues(INFRA_DIR, CODE)).toEqual([]);
  });

  it('when role assignments are read, then the one identity holds exactly the allowlisted roles', async () => {
    expect(await checkRoleAssignments(INFRA_DIR)).toEqual([]);
  });

  it('when the Function App is read, then it is Flex Consumption, Node 20, sized by parameters', async () => {
    expect(await checkFunctionApp(INFRA_DIR)).toEqual([]);
  });

  it('when parameter files are read, then each sets every required parameter of main.bicep', async () => {
    expect(await checkParameterFiles(INFRA_DIR)).toEqual([]);
  });
});

describe('the app-settings allowlists', () => {
  it('when a setting is listed local-only, then src/config.ts knows it (no stale entries)', () => {
    expect(Object.keys(LOCAL_ONLY_SETTINGS).filter((n) => !CODE.settingNames.includes(n))).toEqual([]);
  });

  it('when a setting is listed as platform, then src/config.ts does not read it (else it leaves the list)', () => {
    expect(Object.keys(PLATFORM_SETTINGS).filter((n) => CODE.settingNames.includes(n))).toEqual([]);
  });
});

describe('infra/README.md', () => {
  it('when main.bicep declares a parameter, then the README parameter table documents it', async () => {
    const { decls } = await loadInfra(INFRA_DIR);
    const main = decls.find((d) => d.file.path === 'main.bicep');
    const readme = readFileSync(join(INFRA_DIR, 'README.md'), 'utf8');
    const params = [...(main?.params.keys() ?? [])];
    expect(params.length).toBeGreaterThan(0);
    expect(params.filter((p) => !readme.includes(`| \`${p}\` |`))).toEqual([]);
  });
});
