#!/usr/bin/env node
// Restores the Bicep CLI from NuGet (package Azure.Bicep.CommandLine.linux-x64, version pinned in
// bicep-restore.csproj) into tools/bicep/packages/ (git-ignored) and prints the executable's path.
//
//   npm run bicep:restore            restore if missing, print the path
//   node tools/bicep/restore.mjs --path   print the path of an already restored CLI (exit 1 if none)
//
// Needs the .NET SDK (`dotnet`) and NuGet; nothing else is downloaded.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_FILE = path.join(TOOLS_DIR, 'bicep-restore.csproj');
export const PACKAGES_DIR = path.join(TOOLS_DIR, 'packages');
export const PACKAGE_ID = 'Azure.Bicep.CommandLine.linux-x64';

/** The pinned compiler version, read from the restore project so there is one place to change it. */
export function bicepVersion() {
  const match = /<BicepVersion[^>]*>([^<]+)<\/BicepVersion>/.exec(readFileSync(PROJECT_FILE, 'utf8'));
  if (!match) throw new Error(`no <BicepVersion> in ${PROJECT_FILE}`);
  return match[1].trim();
}

/** The restored `bicep` executable, or undefined. The package keeps it under tools/ (or runtimes/<rid>/native in some versions). */
export function restoredBicep(version = bicepVersion()) {
  const root = path.join(PACKAGES_DIR, PACKAGE_ID.toLowerCase(), version);
  for (const candidate of [path.join(root, 'tools', 'bicep'), path.join(root, 'runtimes', 'linux-x64', 'native', 'bicep')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) {
      // NuGet extracts without the execute bit.
      if ((statSync(candidate).mode & 0o111) === 0) chmodSync(candidate, 0o755);
      return candidate;
    }
  }
  return undefined;
}

export function hasDotnet() {
  return spawnSync('dotnet', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Restores the pinned version (a no-op when present) and returns the executable; throws with the reason when it cannot. */
export function restoreBicep() {
  const version = bicepVersion();
  const existing = restoredBicep(version);
  if (existing) return existing;
  if (!hasDotnet()) throw new Error('the .NET SDK (`dotnet`) is not installed: it restores the Bicep CLI from NuGet');
  execFileSync('dotnet', ['restore', PROJECT_FILE, '--nologo', '--verbosity', 'quiet'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
  });
  const restored = restoredBicep(version);
  if (!restored) {
    const root = path.join(PACKAGES_DIR, PACKAGE_ID.toLowerCase(), version);
    const listing = existsSync(root) ? readdirSync(root).join(', ') : '(missing)';
    throw new Error(`restored ${PACKAGE_ID} ${version} but found no bicep executable in ${root}: ${listing}`);
  }
  return restored;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const only = process.argv.includes('--path');
    const bicep = only ? restoredBicep() : restoreBicep();
    if (!bicep) throw new Error('the Bicep CLI is not restored: run `npm run bicep:restore`');
    const version = execFileSync(bicep, ['--version'], { encoding: 'utf8' }).trim();
    console.log(only ? bicep : `${version}: ${path.relative(process.cwd(), bicep)}`);
  } catch (error) {
    console.error(`bicep:restore: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
