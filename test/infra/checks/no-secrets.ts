import type { Node } from 'web-tree-sitter';
import { appSettingsOf, referencedResource, resourcesOfType } from '../bicep/facts';
import { evaluate, valueAt, type Declarations } from '../bicep/model';
import { walk, where } from '../bicep/parse';
import { loadInfra, violation, type Violation } from './violation';

/** Text that betrays a key, a connection string or a password in an output or app setting value. */
export const SECRET_PATTERN =
  /primaryKey|secondaryKey|connectionString|AccountKey|accessKey|InstrumentationKey|SharedAccessSignature|SharedAccessKey|\bsig=|password|secret/i;

/** ARM list*() functions (listKeys, listConnectionStrings, listAccountSas, ...) return secrets. */
const LIST_FUNCTION = /^list[A-Z]/;

/**
 * The one setting allowed to contain "ConnectionString": Application Insights' connection string
 * holds only an identifier once local auth is disabled (ingestion then needs an Entra token of an
 * identity with Monitoring Metrics Publisher), and the Functions host needs it to find the endpoint.
 */
const APP_INSIGHTS_SETTING = 'APPLICATIONINSIGHTS_CONNECTION_STRING';

function securedParams(d: Declarations): Set<string> {
  return new Set([...d.params].filter(([, p]) => p.decorators.some((x) => /(^|\.)secure$/.test(x))).map(([name]) => name));
}

function usesSecureParam(value: Node, secured: Set<string>): string | undefined {
  for (const n of walk(value)) if (n.type === 'identifier' && secured.has(n.text)) return n.text;
  return undefined;
}

function isAppInsightsConnectionString(value: Node, d: Declarations): boolean {
  if (value.type !== 'member_expression' || value.childForFieldName('property')?.text !== 'ConnectionString') return false;
  const properties = value.childForFieldName('object');
  if (properties?.type !== 'member_expression' || properties.childForFieldName('property')?.text !== 'properties') return false;
  return referencedResource(d, properties.childForFieldName('object'))?.type === 'Microsoft.Insights/components';
}

/** No output or app setting carries a key, connection string or secure parameter; no list*() call anywhere. */
export async function checkNoSecrets(dir: string): Promise<Violation[]> {
  const { files, decls } = await loadInfra(dir);
  const out: Violation[] = [];

  for (const file of files) {
    for (const n of walk(file.root)) {
      if (n.type !== 'call_expression') continue;
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : fn?.text;
      if (name && LIST_FUNCTION.test(name)) out.push(violation('no-secrets', where(file, n), `${name}() returns secrets; use the managed identity instead`));
    }
  }

  for (const d of decls) {
    const secured = securedParams(d);
    for (const o of d.outputs) {
      const text = `${o.name} = ${o.value.text}`;
      if (SECRET_PATTERN.test(text)) out.push(violation('no-secrets', where(d.file, o.node), `output ${o.name} looks like a secret: ${o.value.text.slice(0, 80)}`));
      const param = usesSecureParam(o.value, secured);
      if (param) out.push(violation('no-secrets', where(d.file, o.node), `output ${o.name} exposes @secure() parameter ${param}`));
    }
  }

  const components = resourcesOfType(decls, 'Microsoft.Insights/components');
  const localAuthOff =
    components.length > 0 &&
    components.every((c) => evaluate(valueAt(c.body, 'properties.DisableLocalAuth'), decls.find((d) => d.file === c.file), new Map()) === true);

  for (const s of appSettingsOf(decls).settings) {
    const param = usesSecureParam(s.value, securedParams(s.decls));
    if (param) out.push(violation('no-secrets', s.at, `app setting ${s.name} carries @secure() parameter ${param}`));
    if (s.name === APP_INSIGHTS_SETTING && isAppInsightsConnectionString(s.value, s.decls)) {
      if (!localAuthOff) {
        out.push(violation('no-secrets', s.at, `${s.name} is an ingestion secret unless every Application Insights component sets DisableLocalAuth: true`));
      }
      continue;
    }
    if (SECRET_PATTERN.test(s.value.text)) out.push(violation('no-secrets', s.at, `app setting ${s.name} looks like a secret: ${s.value.text.slice(0, 80)}`));
  }
  return out;
}
