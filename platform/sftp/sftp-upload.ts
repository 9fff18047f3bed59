import type SftpClient from 'ssh2-sftp-client';
import { classifyFailure, SftpDeliveryError, type AttemptEvidence } from './delivery-errors.js';
import { fingerprintOfKeyBlob, HOST_KEY_SHA256 } from './host-key.js';
import { partNameOf, remotePath, safeFileName } from './remote-names.js';
import type { SftpTarget } from './sftp-target.js';

export { SftpDeliveryError, type SftpFailure } from './delivery-errors.js';
export { hostKeyFingerprint } from './host-key.js';
export { parseSftpTarget, sftpTargetSchema, type SftpTarget } from './sftp-target.js';

/** Where a delivered file now is on the server, and how many bytes it holds. */
export interface SftpDelivery {
  path: string;
  bytes: number;
}

/** Connecting, writing and renaming together; a larger report may need a caller's longer one. */
export const DEFAULT_SFTP_TIMEOUT_MS = 120_000;

/** How long a finished upload waits for the server to close the session before dropping it. */
const CLOSE_GRACE_MS = 2_000;

/** The ssh2 connection under the client library, which `end()` leaves open when the SFTP session never started. */
interface Ssh2Connection {
  end(): void;
  destroy(): void;
  once(event: 'close', listener: () => void): void;
}

/** The library's default listeners write every event to the console; the upload reports through its error instead. */
const QUIET = { error: () => {}, end: () => {}, close: () => {} };

/**
 * Delivers `content` as `fileName` into the target's directory. The server must show the pinned
 * host key before any credential is sent (no trust on first use). The content is written to
 * `.<name>.part`, its size checked, and only then renamed over the final name in one step
 * (OpenSSH's posix-rename): a reader sees the previous file or the whole new one, never part of
 * one, and delivering the same report again replaces it. The connection is closed however the
 * attempt ends, and the whole attempt is bounded by `timeoutMs`.
 */
export async function uploadBySftp(
  target: SftpTarget,
  fileName: string,
  content: Buffer,
  options: { timeoutMs?: number } = {},
): Promise<SftpDelivery> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SFTP_TIMEOUT_MS;
  const name = safeFileName(fileName);
  const finalPath = remotePath(target.directory, name);
  const partPath = remotePath(target.directory, partNameOf(name));
  const seen: AttemptEvidence = {
    where: `${target.username}@${target.host}:${target.port}`,
    authenticated: false,
    refusedHostKey: null,
    pinnedHostKey: target.hostKeySha256,
    connectionError: null,
    timedOutAfterMs: null,
  };
  if (!HOST_KEY_SHA256.test(target.hostKeySha256)) {
    // Fail closed: a pin that cannot match any key refuses every server, before connecting.
    throw new SftpDeliveryError(
      'HOST_KEY_MISMATCH',
      `the pinned host key for ${seen.where} is not a SHA256 fingerprint`,
      false,
    );
  }

  // The library (and ssh2 under it) loads with the first delivery, not with every process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Client = require('ssh2-sftp-client') as typeof SftpClient;
  const sftp = new Client('report-delivery', QUIET);
  const connection = (sftp as unknown as { client: Ssh2Connection }).client;
  let closed = false;
  const closing = new Promise<void>((resolve) =>
    connection.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  // Prepended to the library's own listeners, so ssh2's error is kept before the library rewraps it.
  sftp.on('error', (error: AttemptEvidence['connectionError']) => (seen.connectionError ??= error));
  sftp.on('ready', () => (seen.authenticated = true));

  const attempt = deliver(sftp, target, seen, content, partPath, finalPath, timeoutMs);
  // Still settling after a timeout, once the connection is dropped below it.
  attempt.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      seen.timedOutAfterMs = timeoutMs;
      reject(new Error('deadline'));
    }, timeoutMs);
  });
  try {
    await Promise.race([attempt, deadline]);
    return { path: finalPath, bytes: content.length };
  } catch (error) {
    throw classifyFailure(error, seen);
  } finally {
    clearTimeout(timer);
    if (!closed) {
      connection.end();
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
    }
    connection.destroy();
  }
}

async function deliver(
  sftp: SftpClient,
  target: SftpTarget,
  seen: AttemptEvidence,
  content: Buffer,
  partPath: string,
  finalPath: string,
  timeoutMs: number,
): Promise<void> {
  await sftp.connect({
    host: target.host,
    port: target.port,
    username: target.username,
    ...(target.privateKey !== undefined ? { privateKey: target.privateKey } : {}),
    ...(target.password !== undefined ? { password: target.password } : {}),
    tryKeyboard: false,
    // ssh2's own wait for the handshake (20 s unless told) outlasts the delivery's deadline, which
    // ends the attempt and drops the connection itself.
    readyTimeout: timeoutMs + CLOSE_GRACE_MS,
    // ssh2 hands over the key's wire form; any key but the pinned one ends the handshake before
    // authentication, so no credential reaches a server that is not the company's.
    hostVerifier: (key: Buffer) => {
      const offered = fingerprintOfKeyBlob(key);
      if (offered === target.hostKeySha256) return true;
      seen.refusedHostKey = offered;
      return false;
    },
  });
  try {
    // 'w' truncates a part left by an attempt that was cut off.
    await sftp.put(content, partPath, { writeStreamOptions: { flags: 'w' } });
    const written = await sftp.stat(partPath);
    if (written.size !== content.length) {
      throw new SftpDeliveryError(
        'REMOTE_ERROR',
        `${seen.where} holds ${written.size} bytes of ${partPath}, not the ${content.length} sent`,
        true,
      );
    }
    // posix-rename@openssh.com replaces an existing file in one step; SFTP's own rename refuses to.
    await sftp.posixRename(partPath, finalPath).catch((error: Error & { code?: unknown }) => {
      // ssh2 throws, with no SFTP status, when the server lacks the extension: no retry brings it.
      if (error.code !== undefined) throw error;
      throw new SftpDeliveryError(
        'REMOTE_ERROR',
        `${seen.where} cannot replace a file in one step (no posix-rename@openssh.com): ${error.message}`,
        false,
        { cause: error },
      );
    });
  } catch (error) {
    // The part is of no use to anyone; the error that matters is the one above.
    await sftp.delete(partPath, true).catch(() => {});
    throw error;
  }
}
