import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateLocalCertificates, localCertsDir } from '../../dev/local-certs';

const DAY = 24 * 60 * 60 * 1000;
const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-certs-')), 'certs');

/** Completes a TLS handshake with a server using the certificate, trusting only `ca`; resolves with the verification error or ''. */
async function handshake(cert: string, key: string, ca: string, servername: string, host: string): Promise<string> {
  const server = createServer({ cert, key }, (_req, res) => res.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({ host, port: (server.address() as AddressInfo).port, ca, ...(servername ? { servername } : {}) }, () => {
        socket.end();
        resolve('');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  } finally {
    server.close();
  }
}

describe('local https certificates (npm start)', () => {
  it('when none exist, then a CA and a server certificate it signed for localhost, 127.0.0.1 and ::1 are written, the keys private', async () => {
    const dir = fresh();
    const certs = await loadOrCreateLocalCertificates(dir);
    expect(certs.caPath).toBe(path.join(dir, 'ca.pem'));
    expect(readFileSync(certs.caPath, 'utf8')).toBe(certs.ca);
    const ca = new X509Certificate(certs.ca);
    const server = new X509Certificate(certs.cert);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca) && server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(statSync(path.join(dir, 'ca-key.pem')).mode & 0o077).toBe(0);
    expect(statSync(path.join(dir, 'localhost-key.pem')).mode & 0o077).toBe(0);
    // A client trusting only the CA accepts the server under both names, and refuses another name.
    expect(await handshake(certs.cert, certs.key, certs.ca, '', '127.0.0.1')).toBe('');
    expect(await handshake(certs.cert, certs.key, certs.ca, 'localhost', '127.0.0.1')).toBe('');
    expect(await handshake(certs.cert, certs.key, certs.ca, 'example.com', '127.0.0.1')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('when they exist and are valid, then the next start reuses them unchanged', async () => {
    const dir = fresh();
    const first = await loadOrCreateLocalCertificates(dir);
    const second = await loadOrCreateLocalCertificates(dir);
    expect(second).toEqual(first);
  });

  it('when the server certificate is about to expire, then a new one is issued by the same CA (trust set up once stays)', async () => {
    const dir = fresh();
    const old = await loadOrCreateLocalCertificates(dir, new Date(Date.now() - 350 * DAY));
    const renewed = await loadOrCreateLocalCertificates(dir);
    expect(renewed.ca).toBe(old.ca);
    expect(renewed.cert).not.toBe(old.cert);
    expect(new Date(new X509Certificate(renewed.cert).validTo).getTime()).toBeGreaterThan(Date.now() + 300 * DAY);
    expect(await handshake(renewed.cert, renewed.key, old.ca, 'localhost', '127.0.0.1')).toBe('');
  });

  it('when a file is damaged or the key does not match, then it is made again instead of served', async () => {
    const dir = fresh();
    const first = await loadOrCreateLocalCertificates(dir);
    writeFileSync(path.join(dir, 'localhost-key.pem'), readFileSync(path.join(dir, 'ca-key.pem')));
    const repaired = await loadOrCreateLocalCertificates(dir);
    expect(repaired.ca).toBe(first.ca);
    expect(repaired.cert).not.toBe(first.cert);
    expect(await handshake(repaired.cert, repaired.key, repaired.ca, 'localhost', '127.0.0.1')).toBe('');
    writeFileSync(path.join(dir, 'ca.pem'), 'not a certificate');
    const remade = await loadOrCreateLocalCertificates(dir);
    expect(remade.ca).not.toBe(first.ca);
    expect(await handshake(remade.cert, remade.key, remade.ca, 'localhost', '127.0.0.1')).toBe('');
  });

  it('lives in the .dev folder (GATEHOUSE_DEV_DIR), which git ignores', () => {
    expect(localCertsDir({})).toBe(path.join('.dev', 'certs'));
    expect(localCertsDir({ GATEHOUSE_DEV_DIR: '/tmp/x' })).toBe(path.join('/tmp/x', 'certs'));
    expect(readFileSync(path.resolve(__dirname, '..', '..', '.gitignore'), 'utf8').split('\n')).toContain('.dev/');
  });
});
