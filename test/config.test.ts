import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, SETTING_NAMES } from '../src/config';

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
    const env = { ...sample, AzureWebJobsStorage: undefined, AzureWebJobsStorage__tableServiceUri: 'https://acct.table.core.windows.net' };
    expect(errorOf(env).keys).toEqual(['AzureWebJobsStorage__blobServiceUri', 'AzureWebJobsStorage__queueServiceUri']);
  });

  it('when a connection string points at plain http off loopback, then it is refused', () => {
    const env = { ...sample, EMAIL_CONNECTION_STRING: 'endpoint=http://mail.example.com/;accesskey=abc' };
    expect(errorOf(env).keys).toEqual(['EMAIL_CONNECTION_STRING']);
  });

  it('when plain http on loopback is not explicitly allowed, then it is refused', () => {
    expect(errorOf({ ...sample, ALLOW_INSECURE_LOOPBACK: 'false' }).keys).toEqual(['AzureWebJobsStorage', 'EMAIL_CONNECTION_STRING']);
  });

  it('when the hourly mail pace is below the per-minute pace, then it is refused', () => {
    expect(errorOf({ ...sample, EMAIL_RATE_PER_MINUTE: '50', EMAIL_RATE_PER_HOUR: '10' }).keys).toEqual(['EMAIL_RATE_PER_HOUR']);
  });

  it('when the sample lists settings, then it lists every setting the code reads', () => {
    const missing = SETTING_NAMES.filter((name) => !(name in sample) && !name.startsWith('AzureWebJobsStorage__') && name !== 'EMAIL_ENDPOINT');
    expect(missing).toEqual([]);
  });
});
