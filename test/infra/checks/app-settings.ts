import { appSettingsOf } from '../bicep/facts';
import { evaluate } from '../bicep/model';
import { loadInfra, violation, type CodeFacts, type Violation } from './violation';

/**
 * Settings src/config.ts accepts for local runs only. Azure must never set them: two are
 * connection strings (secrets), the third relaxes TLS for loopback emulators.
 */
export const LOCAL_ONLY_SETTINGS: Readonly<Record<string, string>> = {
  AzureWebJobsStorage: 'Azurite connection string; Azure uses the AzureWebJobsStorage__* identity settings',
  EMAIL_CONNECTION_STRING: 'local mail sink; Azure uses EMAIL_ENDPOINT with the managed identity',
  ALLOW_INSECURE_LOOPBACK: 'plain http to loopback emulators (Azurite, the mail sink)',
};

/**
 * Settings the Bicep sets although src/config.ts does not read them, because the Functions host or
 * a library does. Keep this short: a name that config.ts starts reading must leave this list.
 */
export const PLATFORM_SETTINGS: Readonly<Record<string, string>> = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'Functions host: where telemetry goes',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Functions host: send telemetry as the user-assigned identity (local auth is off)',
};

/** Settings with exactly one correct value in Azure. */
const FIXED_VALUES: Readonly<Record<string, string>> = {
  AzureWebJobsStorage__credential: 'managedidentity',
};

/**
 * The Bicep app settings and src/config.ts agree: every setting the code reads (local-only ones
 * aside) is set, and every setting set is read by the code or is a listed platform setting.
 */
export async function checkAppSettings(dir: string, code: Pick<CodeFacts, 'settingNames'>): Promise<Violation[]> {
  const { decls } = await loadInfra(dir);
  const { settings, unreadable } = appSettingsOf(decls);
  const out: Violation[] = unreadable.map((u) => violation('app-settings', u.split(' ')[0] ?? dir, u));
  if (settings.length === 0) out.push(violation('app-settings', dir, 'no app settings found (expected a Microsoft.Web/sites/config named appsettings)'));

  const codeNames = new Set(code.settingNames);
  const seen = new Map<string, string>();
  for (const s of settings) {
    const first = seen.get(s.name);
    if (first) out.push(violation('app-settings', s.at, `${s.name} is set twice (first at ${first})`));
    seen.set(s.name, s.at);
    if (s.name in LOCAL_ONLY_SETTINGS) out.push(violation('app-settings', s.at, `${s.name} is local-only (${LOCAL_ONLY_SETTINGS[s.name]}) and must not be set in Azure`));
    else if (!codeNames.has(s.name) && !(s.name in PLATFORM_SETTINGS)) {
      out.push(violation('app-settings', s.at, `${s.name} is not read by src/config.ts and is not a listed platform setting`));
    }
    const fixed = FIXED_VALUES[s.name];
    if (fixed !== undefined && evaluate(s.value, s.decls, new Map()) !== fixed) out.push(violation('app-settings', s.at, `${s.name} must be '${fixed}'`));
  }
  for (const name of code.settingNames) {
    if (!(name in LOCAL_ONLY_SETTINGS) && !seen.has(name)) out.push(violation('app-settings', dir, `${name} is read by src/config.ts but not set by the Bicep app settings`));
  }
  return out;
}
