import { createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { DEV_DIR_ENV } from './dev-issuer';

/**
 * The local HTTPS certificates `npm start` serves the API with: a certificate authority made on
 * first start and a server certificate for `localhost`, `127.0.0.1` and `::1` that it signs. Both
 * are kept in `<GATEHOUSE_DEV_DIR or .dev>/certs` and reused; the server certificate is issued
 * again (by the same authority, so trust set up once stays) when it is about to expire or does not
 * match. Clients trust the authority's certificate, `ca.pem`: for Node, `NODE_EXTRA_CA_CERTS=<it>`.
 */
export interface LocalCertificates {
  /** The authority's certificate (PEM file): what `NODE_EXTRA_CA_CERTS` points at. */
  caPath: string;
  ca: string;
  /** The server certificate and its private key (PEM), for `https.createServer`. */
  cert: string;
  key: string;
}

/** The names the server certificate is valid for. */
export const LOCAL_TLS_HOSTS = ['localhost'] as const;
export const LOCAL_TLS_IPS = ['127.0.0.1', '::1'] as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_DAYS = 3650;
const SERVER_DAYS = 365;
/** A server certificate with less than this left is issued again at start. */
const RENEW_BEFORE_DAYS = 30;

/** The certificates' folder: `<GATEHOUSE_DEV_DIR or .dev>/certs`. */
export function localCertsDir(env: Record<string, string | undefined> = process.env): string {
  return join(env[DEV_DIR_ENV] || '.dev', 'certs');
}

const files = (dir: string) => ({
  ca: join(dir, 'ca.pem'),
  caKey: join(dir, 'ca-key.pem'),
  cert: join(dir, 'localhost.pem'),
  key: join(dir, 'localhost-key.pem'),
});

/** Loads the folder's certificates, making (or renewing) what is missing, expired or not matching. */
export async function loadOrCreateLocalCertificates(dir: string = localCertsDir(), now: Date = new Date()): Promise<LocalCertificates> {
  const paths = files(dir);
  await mkdir(dir, { recursive: true });
  let ca = await readPair(paths.ca, paths.caKey);
  if (!ca || !usableAuthority(ca, now)) {
    ca = await createAuthority(now);
    await writePair(paths.ca, ca.cert, paths.caKey, ca.key);
  }
  let server = await readPair(paths.cert, paths.key);
  if (!server || !usableServer(server, ca.cert, now)) {
    server = await createServerCertificate(ca, now);
    await writePair(paths.cert, server.cert, paths.key, server.key);
  }
  return { caPath: paths.ca, ca: ca.cert, cert: server.cert, key: server.key };
}

type Pair = { cert: string; key: string };

async function readPair(certPath: string, keyPath: string): Promise<Pair | undefined> {
  try {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Each file is written beside its place and renamed, so a reader never sees half of one. */
async function writePair(certPath: string, cert: string, keyPath: string, key: string): Promise<void> {
  for (const [file, text, mode] of [[keyPath, key, 0o600], [certPath, cert, 0o644]] as const) {
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, text, { mode });
    await rename(temporary, file);
  }
}

function parsed(pair: Pair): X509Certificate | undefined {
  try {
    const certificate = new X509Certificate(pair.cert);
    return certificate.checkPrivateKey(createPrivateKey(pair.key)) ? certificate : undefined;
  } catch {
    return undefined;
  }
}

function usableAuthority(pair: Pair, now: Date): boolean {
  const certificate = parsed(pair);
  return !!certificate && certificate.ca && new Date(certificate.validTo).getTime() > now.getTime() + RENEW_BEFORE_DAYS * DAY_MS;
}

function usableServer(pair: Pair, caPem: string, now: Date): boolean {
  const certificate = parsed(pair);
  if (!certificate) return false;
  const ca = new X509Certificate(caPem);
  const current = new Date(certificate.validFrom).getTime() <= now.getTime() && new Date(certificate.validTo).getTime() > now.getTime() + RENEW_BEFORE_DAYS * DAY_MS;
  return (
    current &&
    certificate.checkIssued(ca) &&
    certificate.verify(ca.publicKey) &&
    LOCAL_TLS_HOSTS.every((host) => certificate.checkHost(host) !== undefined) &&
    LOCAL_TLS_IPS.every((ip) => certificate.checkIP(ip) !== undefined)
  );
}

async function createAuthority(now: Date): Promise<Pair> {
  const pems = await generate([{ name: 'commonName', value: `Gatehouse local development CA ${now.toISOString().slice(0, 10)}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + CA_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

async function createServerCertificate(ca: Pair, now: Date): Promise<Pair> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + SERVER_DAYS * DAY_MS),
    ca: { cert: ca.cert, key: ca.key },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...LOCAL_TLS_HOSTS.map((value) => ({ type: 2 as const, value })), ...LOCAL_TLS_IPS.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
