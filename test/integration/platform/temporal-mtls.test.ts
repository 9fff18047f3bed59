import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import forge from 'node-forge';
import { loadConfig } from '../../../platform/config/index.js';
import { temporalConnectionOptions } from '../../../platform/temporal/connection-options.js';
import { deploymentEnv } from '../../helpers/config-env.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * The service reaches a Temporal that takes mutual TLS only, as docker-compose deploys it: a TLS
 * front (client certificates required, HTTP/2) before the test's Temporal server. The client (API)
 * and the native connection (worker) are built by the service's own settings code; a client with
 * no certificate, or one signed by another CA, is refused.
 */

interface Issued {
  cert: string;
  key: string;
}

function keyPair() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { pem, key, publicKey: forge.pki.rsa.setPublicKey(key.n, key.e) };
}

function certificate(
  subject: string,
  issuer: { name: string; key: forge.pki.rsa.PrivateKey } | null,
  extensions: object[],
): Issued & { signer: { name: string; key: forge.pki.rsa.PrivateKey } } {
  const pair = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = pair.publicKey;
  cert.serialNumber = `0${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer?.name ?? subject }]);
  cert.setExtensions(extensions);
  cert.sign(issuer?.key ?? pair.key, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: pair.pem, signer: { name: subject, key: pair.key } };
}

const authority = (name: string) =>
  certificate(name, null, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);

const leaf = (
  name: string,
  ca: ReturnType<typeof authority>,
  usage: { serverAuth?: true; clientAuth?: true },
) =>
  certificate(name, ca.signer, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', ...usage },
    { name: 'subjectAltName', altNames: [{ type: 2, value: name }] },
  ]);

describe('Temporal behind mutual TLS', () => {
  let front: Server;
  let dir: string;
  let address: string;
  const ca = authority('OI Payments Temporal test CA');
  const server = leaf('temporal.test', ca, { serverAuth: true });
  const client = leaf('oi-payments', ca, { clientAuth: true });
  const stranger = leaf('oi-payments', authority('Another CA'), { clientAuth: true });

  beforeAll(async () => {
    const [host, port] = requireEnv(testEnv.temporalAddress).split(':');
    front = createServer(
      {
        key: server.key,
        cert: server.cert,
        ca: ca.cert,
        requestCert: true,
        rejectUnauthorized: true,
        ALPNProtocols: ['h2'],
      },
      (socket) => {
        const upstream = tcpConnect(Number(port), host === 'localhost' ? '127.0.0.1' : host);
        socket.pipe(upstream).pipe(socket);
        const end = () => {
          socket.destroy();
          upstream.destroy();
        };
        socket.on('error', end);
        upstream.on('error', end);
      },
    );
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(front.address() as { port: number }).port}`;
    dir = mkdtempSync(join(tmpdir(), 'temporal-mtls-'));
    for (const [name, pem] of Object.entries({
      'ca.pem': ca.cert,
      'client.pem': client.cert,
      'client.key': client.key,
      'stranger.pem': stranger.cert,
      'stranger.key': stranger.key,
    })) {
      writeFileSync(join(dir, name), pem, { mode: 0o600 });
    }
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => front.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = (certificate: 'client' | 'stranger' | null) =>
    temporalConnectionOptions(
      loadConfig({
        // A deployment's settings, as start:api and start:worker are given them.
        ...deploymentEnv,
        TEMPORAL_ADDRESS: address,
        TEMPORAL_TLS_CA_PATH: join(dir, 'ca.pem'),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
        ...(certificate && {
          TEMPORAL_TLS_CERT_PATH: join(dir, `${certificate}.pem`),
          TEMPORAL_TLS_KEY_PATH: join(dir, `${certificate}.key`),
        }),
      }),
    );

  it('the API and the worker connect with the client certificate', async () => {
    const options = settings('client');
    expect(options.tls).toMatchObject({ serverNameOverride: 'temporal.test' });
    const connection = await Connection.connect({ ...options, connectTimeout: '10s' });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
    } finally {
      await connection.close();
    }
    const native = await NativeConnection.connect(options);
    await native.close();
  });

  it('refuses a client without a certificate, or with one from another CA', async () => {
    for (const certificate of [null, 'stranger'] as const) {
      const attempt = Connection.connect({ ...settings(certificate), connectTimeout: '3s' }).then(
        async (connection) => {
          try {
            await connection.workflowService.getSystemInfo({});
          } finally {
            await connection.close();
          }
        },
      );
      await expect(attempt).rejects.toThrow();
    }
  });
});
