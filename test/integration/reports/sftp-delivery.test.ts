import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import {
  hostKeyFingerprint,
  SftpDeliveryError,
  uploadBySftp,
  type SftpTarget,
} from '../../../platform/sftp/sftp-upload.js';
import { eventually } from '../../helpers/eventually.js';
import { closedPort } from '../../helpers/port-draws.js';
import { generateKeyPair, startSftpServer, type RunningSftpServer } from '../../helpers/sftp-server.js';
import { describeWithToolchain, SSHD_TOOLCHAIN } from '../../helpers/toolchains.js';

/** A hidden name, a `..`, a separator or a control character. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_A_NAME = /^\.|\.\.|[/\\\u0000-\u001f\u007f]/;

/**
 * Reports delivered to a real OpenSSH server (test/helpers/sftp-server.ts), read back from its
 * disk: what lands, what a reader sees while a file is replaced, and how each way of failing is
 * reported to the caller that decides whether to try again.
 */
describeWithToolchain(SSHD_TOOLCHAIN, 'report delivery by SFTP to OpenSSH', () => {
  let server: RunningSftpServer;

  beforeAll(async () => {
    server = await startSftpServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** A directory of the test's own under the server's root, and a target that delivers there. */
  function targetIn(name: string, overrides: Partial<SftpTarget> = {}): SftpTarget {
    const directory = path.join(server.root, name);
    mkdirSync(directory);
    return {
      host: server.host,
      port: server.port,
      username: server.username,
      directory,
      privateKey: server.privateKey,
      hostKeySha256: server.hostKeySha256,
      ...overrides,
    };
  }

  async function failureOf(delivery: Promise<unknown>): Promise<SftpDeliveryError> {
    const error = await delivery.then(
      () => new Error('the delivery succeeded'),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(SftpDeliveryError);
    return error as SftpDeliveryError;
  }

  /** sshd has logged the end of every connection it took: the upload closed its own. */
  const everyConnectionClosed = () =>
    eventually(async () => server.openConnections().length === 0, 10_000, 'sshd to see every connection end');

  it("pins the fingerprint ssh-keygen gives for the server's host key", () => {
    expect(hostKeyFingerprint(server.hostPublicKey)).toBe(server.hostKeySha256);
  });

  it('delivers a file that reads back byte for byte, with no part left and the connection closed', async () => {
    const target = targetIn('delivered');
    const content = randomBytes(300_000);

    const delivery = await uploadBySftp(target, 'settlements-2026-03-31.xlsx', content);

    expect(delivery).toEqual({
      path: path.join(target.directory, 'settlements-2026-03-31.xlsx'),
      bytes: 300_000,
    });
    expect(readFileSync(delivery.path).equals(content)).toBe(true);
    expect(readdirSync(target.directory)).toEqual(['settlements-2026-03-31.xlsx']);
    await everyConnectionClosed();
  });

  it('replaces a file delivered again by renaming the new one over it: a reader of the old one reads it whole', async () => {
    const target = targetIn('again');
    const first = Buffer.from('reference,amount\nA-1,100.00\nA-2,250.00\n');
    const second = Buffer.from('reference,amount\nA-1,100.00\n');
    const { path: file } = await uploadBySftp(target, 'daily.csv', first);
    const before = statSync(file).ino;
    const reader = openSync(file, 'r');

    try {
      const again = await uploadBySftp(target, 'daily.csv', second);

      expect(again).toEqual({ path: file, bytes: second.length });
      expect(readFileSync(file).equals(second)).toBe(true);
      // A new file took the name; the one already open is still the first, whole.
      expect(statSync(file).ino).not.toBe(before);
      const old = Buffer.alloc(first.length + 10);
      expect(old.subarray(0, readSync(reader, old, 0, old.length, 0)).equals(first)).toBe(true);
    } finally {
      closeSync(reader);
    }
    expect(readdirSync(target.directory)).toEqual(['daily.csv']);
  });

  it('refuses a server whose host key is not the pinned one, before offering it any key, writing nothing', async () => {
    const target = targetIn('impostor', {
      hostKeySha256: hostKeyFingerprint(generateKeyPair().publicKeyLine),
    });
    await everyConnectionClosed();
    const offersBefore = server.log().match(/publickey/g)?.length ?? 0;

    const error = await failureOf(uploadBySftp(target, 'daily.csv', Buffer.from('secret figures')));

    expect(error).toMatchObject({ code: 'HOST_KEY_MISMATCH', retryable: false });
    expect(error.message).toContain(server.hostKeySha256);
    expect(readdirSync(target.directory)).toEqual([]);
    // Once sshd has logged the connection's end, it would have logged any key it was offered.
    await everyConnectionClosed();
    expect(server.log().match(/publickey/g)?.length ?? 0).toBe(offersBefore);
  });

  it('reports a key the server does not accept as AUTH_FAILED, not retryable, writing nothing', async () => {
    const target = targetIn('stranger', { privateKey: generateKeyPair().privateKey });

    const error = await failureOf(uploadBySftp(target, 'daily.csv', Buffer.from('figures')));

    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(readdirSync(target.directory)).toEqual([]);
    await everyConnectionClosed();
  });

  it('reports a port nothing listens on as UNREACHABLE, retryable', async () => {
    const refusing = await closedPort();
    try {
      const error = await failureOf(
        uploadBySftp(targetIn('refused', { port: refusing.port }), 'daily.csv', Buffer.from('figures')),
      );

      expect(error).toMatchObject({ code: 'UNREACHABLE', retryable: true });
      expect(error.message).toMatch(/ECONNREFUSED/);
    } finally {
      refusing.release();
    }
  });

  it('gives up on a server that never answers at the deadline, as UNREACHABLE, and drops the connection', async () => {
    // Takes the connection and never says a word: no SSH greeting, no key exchange.
    const sockets: Socket[] = [];
    const closed: Socket[] = [];
    const silent: Server = createServer((socket) => {
      sockets.push(socket);
      socket.once('close', () => closed.push(socket));
      // Reads (and drops) what the client sends, so its end is seen.
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const error = await failureOf(
        uploadBySftp(targetIn('silent', { port }), 'daily.csv', Buffer.from('figures'), { timeoutMs: 1_000 }),
      );

      expect(error).toMatchObject({ code: 'UNREACHABLE', retryable: true });
      expect(error.message).toMatch(/did not finish the delivery within 1000 ms/);
      expect(sockets).toHaveLength(1);
      await eventually(async () => closed.length === 1, 10_000, 'the connection to end');
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses a directory that does not exist as REMOTE_ERROR, not retryable', async () => {
    const target = targetIn('present');
    const error = await failureOf(
      uploadBySftp(
        { ...target, directory: path.join(target.directory, 'absent') },
        'daily.csv',
        Buffer.from('x'),
      ),
    );

    expect(error).toMatchObject({ code: 'REMOTE_ERROR', retryable: false });
    expect(readdirSync(target.directory)).toEqual([]);
    await everyConnectionClosed();
  });

  it('keeps every file inside the directory, whatever its name says', async () => {
    const target = targetIn('hostile');
    const outside = [server.root, path.dirname(server.root)];
    const names = [
      '../outside.csv',
      '../../outside.csv',
      '..\\..\\outside.csv',
      `${path.dirname(server.root)}/outside.csv`,
      '....//outside.csv',
      '.outside.csv.part',
      'out\u0000side\n.csv',
    ];

    for (const name of names) {
      const content = Buffer.from(`delivered as ${JSON.stringify(name)}`);
      const delivery = await uploadBySftp(target, name, content);

      expect({ name, directory: path.dirname(delivery.path) }).toEqual({ name, directory: target.directory });
      expect(path.basename(delivery.path)).not.toMatch(UNSAFE_IN_A_NAME);
      expect(readFileSync(delivery.path).equals(content)).toBe(true);
    }
    for (const dir of outside) expect(existsSync(path.join(dir, 'outside.csv'))).toBe(false);
    expect(readdirSync(target.directory).every((file) => !file.startsWith('.'))).toBe(true);

    // A name with nothing left once made safe is refused before anything connects.
    for (const name of ['..', '', '/', '. .']) {
      await expect(uploadBySftp(target, name, Buffer.from('x'))).rejects.toThrow(RangeError);
    }
    await everyConnectionClosed();
  });
});
