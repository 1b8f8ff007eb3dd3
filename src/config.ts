import { z } from 'zod';

/**
 * Every setting Gatehouse reads, in one zod schema. Locally they come from `local.settings.json`
 * (Core Tools) or from `dev/start` (the local runtime); in Azure from the Function App's app
 * settings, which `infra/` declares. `test/infra` compares the two lists, so keep them in step.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for http(s) URLs whose host is loopback: only those may use plain http. */
export function isLoopbackUrl(value: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

/** Every URL setting: an absolute https URL, or plain http on loopback (the local runtime). */
const httpsOrLoopbackUrl = z
  .url({ protocol: /^https?$/, message: 'must be an absolute URL' })
  .refine((v) => v.startsWith('https://') || (v.startsWith('http://') && isLoopbackUrl(v)), {
    message: 'must be an https URL (plain http only on loopback)',
  });

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/** Parses `key=value;key=value` connection strings (storage and Communication Services). */
export function parseConnectionString(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** The raw settings exactly as they are named in the environment. */
export const settingsSchema = z
  .object({
    /** Storage connection string (local only; Azurite's). Mutually exclusive with the URIs below. */
    AzureWebJobsStorage: z.string().min(1).optional(),
    /** Identity-based storage (Azure): table service URI, e.g. https://acct.table.core.windows.net. */
    AzureWebJobsStorage__tableServiceUri: httpsOrLoopbackUrl.optional(),
    /** Identity-based storage (Azure): queue service URI. */
    AzureWebJobsStorage__queueServiceUri: httpsOrLoopbackUrl.optional(),
    /** Identity-based storage (Azure): blob service URI (table exports; the host's timer locks). */
    AzureWebJobsStorage__blobServiceUri: httpsOrLoopbackUrl.optional(),
    /** Identity-based storage: `managedidentity`. */
    AzureWebJobsStorage__credential: z.literal('managedidentity').optional(),
    /** Client id of the user-assigned managed identity used for storage and mail. */
    AzureWebJobsStorage__clientId: z.string().uuid().optional(),

    /** Token issuer trusted for the HTTP API (`iss`), e.g. https://login.microsoftonline.com/<tenant>/v2.0. */
    AUTH_ISSUER: httpsOrLoopbackUrl,
    /** Audience the tokens must carry (`aud`): the app registration's application id URI or client id. */
    AUTH_AUDIENCE: z.string().min(1),
    /** Where the issuer publishes its signing keys (JWKS). */
    AUTH_JWKS_URI: httpsOrLoopbackUrl,

    /** The customer organization ("tenant") this deployment serves. */
    ORGANIZATION_TENANT_ID: z.string().uuid(),
    ORGANIZATION_NAME: z.string().min(1).max(256),
    /** Initial domain, e.g. fabrikam.onmicrosoft.com: guest UPNs end in it. */
    ORGANIZATION_INITIAL_DOMAIN: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name'),
    ORGANIZATION_PREFERRED_LANGUAGE: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, 'must look like en-US').default('en-US'),
    PRIVACY_STATEMENT_URL: z.union([z.literal(''), httpsOrLoopbackUrl]).default(''),
    PRIVACY_CONTACT_EMAIL: z.union([z.literal(''), z.string().email()]).default(''),
    /**
     * The first Global Administrator (Azure): their object id at AUTH_ISSUER and their mail. At their
     * first sign-in they are created as a member linked by identity and given the role, once.
     */
    FIRST_ADMINISTRATOR_OBJECT_ID: z.union([z.literal(''), z.string().uuid()]).default(''),
    FIRST_ADMINISTRATOR_MAIL: z.union([z.literal(''), z.string().email()]).default(''),

    /** Public base URL of this function app (redeem links, portal pages), without a trailing slash. */
    PUBLIC_BASE_URL: httpsOrLoopbackUrl,
    /** Base of the My Access portal links; defaults to `<PUBLIC_BASE_URL>/api/myaccess`. */
    MY_ACCESS_PORTAL_URL: z.union([z.literal(''), httpsOrLoopbackUrl]).default(''),

    /**
     * Guests and members may also sign in to the directory's applications through one external
     * OpenID provider (the partner's Entra tenant, Google, …), matched by its verified `email`
     * claim. All three or none; the secret is best given as a Key Vault reference.
     */
    SIGN_IN_FEDERATION_ISSUER: z.union([z.literal(''), httpsOrLoopbackUrl]).default(''),
    SIGN_IN_FEDERATION_CLIENT_ID: z.string().default(''),
    SIGN_IN_FEDERATION_CLIENT_SECRET: z.string().default(''),
    /** The button's text: "Sign in with <name>". */
    SIGN_IN_FEDERATION_NAME: z.string().max(60).default('your organization'),

    /** Communication Services connection string (local mail sink only). */
    EMAIL_CONNECTION_STRING: z.string().min(1).optional(),
    /** Communication Services endpoint (Azure; managed identity). */
    EMAIL_ENDPOINT: httpsOrLoopbackUrl.optional(),
    /** The sender: an address on the Communication Services email domain. */
    EMAIL_SENDER_ADDRESS: z.string().email(),
    /**
     * Sending pace shared by all instances (ACS quota: 30/min, 100/h custom domain; 5/min, 10/h
     * Azure-managed). Either may be left unset: it is derived from the other (see `deriveMailRates`).
     */
    EMAIL_RATE_PER_MINUTE: z.coerce.number().int().min(1).optional(),
    EMAIL_RATE_PER_HOUR: z.coerce.number().int().min(1).optional(),

    /** Invitation requests per 5 s for the tenant (Graph: 150); 0 turns throttling off. */
    INVITE_RATE_LIMIT_PER_5S: nonNegativeInt(150),
    /** Largest accepted JSON request body in bytes; larger ones get 413. */
    HTTP_MAX_BODY_BYTES: positiveInt(1_048_576),
    /** Blob container of the table exports (backups), in the app's storage account. */
    BACKUP_CONTAINER: z
      .string()
      .regex(/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a blob container name (3-63 of a-z, 0-9, single hyphens)')
      .default('gatehouse-backups'),
    /** Days table exports are kept (the full export an incremental one needs is kept with it). */
    BACKUP_RETENTION_DAYS: positiveInt(35),
    /** Days between full table exports; the hourly exports in between hold the changed rows. */
    BACKUP_FULL_EVERY_DAYS: positiveInt(7),
    /** Allow plain-http service endpoints on loopback (Azurite, the local mail sink). */
    ALLOW_INSECURE_LOOPBACK: flag(false),
  })
  .superRefine((s, ctx) => {
    if (!s.FIRST_ADMINISTRATOR_OBJECT_ID !== !s.FIRST_ADMINISTRATOR_MAIL) {
      ctx.addIssue({ code: 'custom', path: [s.FIRST_ADMINISTRATOR_MAIL ? 'FIRST_ADMINISTRATOR_OBJECT_ID' : 'FIRST_ADMINISTRATOR_MAIL'], message: 'set both FIRST_ADMINISTRATOR_OBJECT_ID and FIRST_ADMINISTRATOR_MAIL, or neither' });
    }
    const identityStorage = s.AzureWebJobsStorage__tableServiceUri || s.AzureWebJobsStorage__queueServiceUri;
    if (!s.AzureWebJobsStorage && !identityStorage) {
      ctx.addIssue({
        code: 'custom',
        path: ['AzureWebJobsStorage'],
        message: 'set a connection string, or AzureWebJobsStorage__tableServiceUri and __queueServiceUri',
      });
    }
    if (identityStorage) {
      for (const key of ['AzureWebJobsStorage__tableServiceUri', 'AzureWebJobsStorage__queueServiceUri', 'AzureWebJobsStorage__blobServiceUri'] as const) {
        if (!s[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required with identity-based storage' });
      }
    }
    if ((identityStorage || (s.EMAIL_ENDPOINT && !s.EMAIL_CONNECTION_STRING)) && !s.AzureWebJobsStorage__clientId) {
      ctx.addIssue({
        code: 'custom',
        path: ['AzureWebJobsStorage__clientId'],
        message: 'required with identity-based storage or mail: the client id of the app\'s user-assigned managed identity',
      });
    }
    if (!s.EMAIL_CONNECTION_STRING && !s.EMAIL_ENDPOINT) {
      ctx.addIssue({ code: 'custom', path: ['EMAIL_ENDPOINT'], message: 'set EMAIL_ENDPOINT or EMAIL_CONNECTION_STRING' });
    }
    if (s.BACKUP_FULL_EVERY_DAYS > s.BACKUP_RETENTION_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['BACKUP_FULL_EVERY_DAYS'], message: 'must be at most BACKUP_RETENTION_DAYS' });
    }
    if (s.EMAIL_RATE_PER_MINUTE !== undefined && s.EMAIL_RATE_PER_HOUR !== undefined && s.EMAIL_RATE_PER_HOUR < s.EMAIL_RATE_PER_MINUTE) {
      // Both are named: either one may be the setting the operator meant to change.
      const message = `EMAIL_RATE_PER_HOUR (${s.EMAIL_RATE_PER_HOUR}) is below EMAIL_RATE_PER_MINUTE (${s.EMAIL_RATE_PER_MINUTE}): raise EMAIL_RATE_PER_HOUR, lower EMAIL_RATE_PER_MINUTE, or remove one to derive it`;
      ctx.addIssue({ code: 'custom', path: ['EMAIL_RATE_PER_HOUR'], message });
      ctx.addIssue({ code: 'custom', path: ['EMAIL_RATE_PER_MINUTE'], message });
    }
    const insecure = [s.AzureWebJobsStorage, s.EMAIL_CONNECTION_STRING]
      .filter((v): v is string => !!v)
      .flatMap((cs) => Object.entries(parseConnectionString(cs)))
      .filter(([k, v]) => /endpoint$/.test(k) && v.startsWith('http://'));
    for (const [key, url] of insecure) {
      if (!isLoopbackUrl(url) || !s.ALLOW_INSECURE_LOOPBACK) {
        ctx.addIssue({
          code: 'custom',
          path: [key.startsWith('endpoint') ? 'EMAIL_CONNECTION_STRING' : 'AzureWebJobsStorage'],
          message: `plain http endpoint ${key} is allowed only on loopback with ALLOW_INSECURE_LOOPBACK=true`,
        });
      }
    }
  });

/** The mail quota of a Communication Services domain: what an unset rate falls back to. */
export interface MailQuota {
  perMinute: number;
  perHour: number;
}

/** The quota of a verified customer domain; the Azure-managed domain allows 5 and 10 (infra/main.bicep). */
export const CUSTOM_DOMAIN_MAIL_QUOTA: MailQuota = { perMinute: 30, perHour: 100 };

/**
 * The sending pace from the two settings, each optional: an unset rate follows the quota but never
 * contradicts the one that is set (per hour is at least per minute). infra/main.bicep derives the
 * deployed values with the same rule (test/infra compares them). Two explicit rates that disagree
 * are refused by the schema, naming both.
 */
export function deriveMailRates(set: { perMinute?: number; perHour?: number }, quota: MailQuota = CUSTOM_DOMAIN_MAIL_QUOTA): MailQuota {
  const perMinute = set.perMinute ?? (set.perHour !== undefined ? Math.min(quota.perMinute, set.perHour) : quota.perMinute);
  const perHour = set.perHour ?? Math.max(quota.perHour, perMinute);
  return { perMinute, perHour };
}

type ParsedSettings = z.infer<typeof settingsSchema>;
/** The settings after parsing, with the mail pace derived (both rates always present). */
export type Settings = Omit<ParsedSettings, 'EMAIL_RATE_PER_MINUTE' | 'EMAIL_RATE_PER_HOUR'> & {
  EMAIL_RATE_PER_MINUTE: number;
  EMAIL_RATE_PER_HOUR: number;
};

/** Every setting name the code reads; `test/infra` checks the Bicep app settings against it. */
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as (keyof ParsedSettings)[];

/** Thrown at start-up when settings are missing or malformed; names every bad key at once. */
export class ConfigError extends Error {
  readonly code = 'configInvalid';
  constructor(readonly keys: string[], message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the settings from `env` (pass `process.env`); throws one ConfigError naming every bad key. */
export function loadSettings(env: Record<string, string | undefined>): Settings {
  const picked: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
    else if (value === '' && (name === 'PRIVACY_STATEMENT_URL' || name === 'PRIVACY_CONTACT_EMAIL' || name === 'MY_ACCESS_PORTAL_URL')) picked[name] = '';
  }
  const parsed = settingsSchema.safeParse(picked);
  if (parsed.success) {
    const rates = deriveMailRates({ perMinute: parsed.data.EMAIL_RATE_PER_MINUTE, perHour: parsed.data.EMAIL_RATE_PER_HOUR });
    return { ...parsed.data, EMAIL_RATE_PER_MINUTE: rates.perMinute, EMAIL_RATE_PER_HOUR: rates.perHour };
  }
  const byKey = new Map<string, string[]>();
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '(settings)');
    const message = issue.code === 'invalid_type' && picked[key] === undefined ? 'missing' : issue.message;
    byKey.set(key, [...(byKey.get(key) ?? []), message]);
  }
  const keys = [...byKey.keys()].sort();
  const detail = keys.map((k) => `${k} (${byKey.get(k)!.join('; ')})`).join(', ');
  throw new ConfigError(keys, `Gatehouse cannot start: invalid settings: ${detail}`);
}

/** The portal base for My Access links. */
export function myAccessPortalUrl(s: Settings): string {
  return (s.MY_ACCESS_PORTAL_URL || `${s.PUBLIC_BASE_URL}/api/myaccess`).replace(/\/+$/, '');
}
