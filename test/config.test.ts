import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, deriveMailRates, loadSettings, SETTING_NAMES } from '../src/config';

const sample = (JSON.parse(readFileSync('local.settings.sample.json', 'utf8')) as { Values: Record<string, string> }).Values;

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadSettings to fail');
}

describe('settings', () => {
  it('when the sample settings are used, then they load with their defaults applied', () => {
    const s = loadSettings(sample);
    expect(s.ORGANIZATION_INITIAL_DOMAIN).toBe('fabrikam.onmicrosoft.com');
    expect(s.EMAIL_RATE_PER_MINUTE).toBe(30);
    expect(s.ALLOW_INSECURE_LOOPBACK).toBe(true);
    expect(s.INVITE_RATE_LIMIT_PER_5S).toBe(150);
  });

  it('when several settings are missing or malformed, then one error names every bad key', () => {
    const env = { ...sample, AUTH_ISSUER: undefined, ORGANIZATION_TENANT_ID: 'not-a-guid', EMAIL_RATE_PER_MINUTE: 'fast', PUBLIC_BASE_URL: 'http://example.com' };
    const error = errorOf(env);
    expect(error.keys).toEqual(['AUTH_ISSUER', 'EMAIL_RATE_PER_MINUTE', 'ORGANIZATION_TENANT_ID', 'PUBLIC_BASE_URL']);
    expect(error.message).toContain('AUTH_ISSUER (missing)');
    expect(error.message).toContain('PUBLIC_BASE_URL (must be an https URL (plain http only on loopback))');
  });

  it('when neither a storage connection string nor service URIs are set, then storage is named', () => {
    expect(errorOf({ ...sample, AzureWebJobsStorage: undefined }).keys).toContain('AzureWebJobsStorage');
  });

  it('when identity-based storage is half configured, then the missing URI is named', () => {
    const env = { ...sample, AzureWebJobsStorage: undefined, AzureWebJobsStorage__tableServiceUri: 'https://acct.table.core.windows.net', AzureWebJobsStorage__clientId: '7d7c3a52-1b2f-4c55-9a0e-3d1f6b1e2a10' };
    expect(errorOf(env).keys).toEqual(['AzureWebJobsStorage__blobServiceUri', 'AzureWebJobsStorage__queueServiceUri']);
  });

  it('when identity-based storage has no managed identity client id, then the client id is named', () => {
    const env = {
      ...sample,
      AzureWebJobsStorage: undefined,
      AzureWebJobsStorage__tableServiceUri: 'https://acct.table.core.windows.net',
      AzureWebJobsStorage__queueServiceUri: 'https://acct.queue.core.windows.net',
      AzureWebJobsStorage__blobServiceUri: 'https://acct.blob.core.windows.net',
    };
    expect(errorOf(env).keys).toEqual(['AzureWebJobsStorage__clientId']);
  });

  it('when a connection string points at plain http off loopback, then it is refused', () => {
    const env = { ...sample, EMAIL_CONNECTION_STRING: 'endpoint=http://mail.example.com/;accesskey=abc' };
    expect(errorOf(env).keys).toEqual(['EMAIL_CONNECTION_STRING']);
  });

  it('when plain http on loopback is not explicitly allowed, then it is refused', () => {
    expect(errorOf({ ...sample, ALLOW_INSECURE_LOOPBACK: 'false' }).keys).toEqual(['AzureWebJobsStorage', 'EMAIL_CONNECTION_STRING']);
  });

  it('when both mail rates are set and the hourly one is below the per-minute one, then the error names both', () => {
    const error = errorOf({ ...sample, EMAIL_RATE_PER_MINUTE: '50', EMAIL_RATE_PER_HOUR: '10' });
    expect(error.keys).toEqual(['EMAIL_RATE_PER_HOUR', 'EMAIL_RATE_PER_MINUTE']);
    expect(error.message).toContain('EMAIL_RATE_PER_HOUR (10) is below EMAIL_RATE_PER_MINUTE (50)');
  });

  it('when the sample lists settings, then it lists every setting the code reads', () => {
    // The mail rates are left out on purpose: unset, each derives from the other (see below).
    const derived = ['EMAIL_RATE_PER_MINUTE', 'EMAIL_RATE_PER_HOUR'];
    const missing = SETTING_NAMES.filter((name) => !(name in sample) && !name.startsWith('AzureWebJobsStorage__') && name !== 'EMAIL_ENDPOINT' && !derived.includes(name));
    expect(missing).toEqual([]);
  });
});

describe('the mail pace, when an operator changes one setting', () => {
  const withRates = (perMinute?: string, perHour?: string) => {
    const env: Record<string, string | undefined> = { ...sample, EMAIL_RATE_PER_MINUTE: perMinute, EMAIL_RATE_PER_HOUR: perHour };
    const s = loadSettings(env);
    return { perMinute: s.EMAIL_RATE_PER_MINUTE, perHour: s.EMAIL_RATE_PER_HOUR };
  };

  it('when neither is set, then the custom-domain quota applies (30/min, 100/h)', () => {
    expect(withRates()).toEqual({ perMinute: 30, perHour: 100 });
  });

  it('when only the per-minute rate is raised above the hourly default, then the hourly rate follows it and the app starts', () => {
    expect(withRates('200')).toEqual({ perMinute: 200, perHour: 200 });
  });

  it('when only the per-minute rate is lowered, then the hourly quota stays', () => {
    expect(withRates('10')).toEqual({ perMinute: 10, perHour: 100 });
  });

  it('when only the hourly rate is lowered below the per-minute default, then the per-minute rate follows it down', () => {
    expect(withRates(undefined, '20')).toEqual({ perMinute: 20, perHour: 20 });
  });

  it('when only the hourly rate is raised, then the per-minute quota stays', () => {
    expect(withRates(undefined, '1000')).toEqual({ perMinute: 30, perHour: 1000 });
  });

  it('when both are set consistently, then both are kept as set', () => {
    expect(withRates('40', '40')).toEqual({ perMinute: 40, perHour: 40 });
  });

  it('when a quota other than the default is passed (the Azure-managed domain), then unset rates follow it', () => {
    expect(deriveMailRates({}, { perMinute: 5, perHour: 10 })).toEqual({ perMinute: 5, perHour: 10 });
    expect(deriveMailRates({ perMinute: 20 }, { perMinute: 5, perHour: 10 })).toEqual({ perMinute: 20, perHour: 20 });
  });
});

describe('URL settings', () => {
  it('when AUTH_ISSUER is not a URL, then start-up fails naming it (instead of refusing every token later)', () => {
    const error = errorOf({ ...sample, AUTH_ISSUER: 'notaurl' });
    expect(error.keys).toEqual(['AUTH_ISSUER']);
    expect(error.message).toContain('AUTH_ISSUER (must be an absolute URL');
  });

  it('when a URL setting is plain http off loopback or not http at all, then each is named', () => {
    const env = {
      ...sample,
      AUTH_JWKS_URI: 'http://login.example/keys',
      AUTH_ISSUER: 'ftp://issuer.example/',
      PRIVACY_STATEMENT_URL: 'javascript:alert(1)',
      MY_ACCESS_PORTAL_URL: 'portal',
      EMAIL_ENDPOINT: 'http://mail.example',
    };
    expect(errorOf(env).keys).toEqual(['AUTH_ISSUER', 'AUTH_JWKS_URI', 'EMAIL_ENDPOINT', 'MY_ACCESS_PORTAL_URL', 'PRIVACY_STATEMENT_URL']);
  });

  it('when URL settings are https, or http on loopback, then they load unchanged', () => {
    const s = loadSettings({ ...sample, AUTH_ISSUER: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0', PRIVACY_STATEMENT_URL: 'https://fabrikam.example/privacy' });
    expect(s.AUTH_ISSUER).toBe('https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0');
    expect(loadSettings(sample).AUTH_ISSUER).toBe(sample['AUTH_ISSUER']);
  });
});
