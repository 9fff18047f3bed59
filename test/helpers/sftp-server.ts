import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { hangGuardDeadline, noteSlowWait } from './patience.js';
import { startOnDrawnPorts } from './port-draws.js';

/**
 * A real OpenSSH server for a suite, as the company's SFTP server is one: its own host key, one
 * account (the user running the tests) that signs in with a key of its own and gets SFTP only, on
 * 127.0.0.1. sshd cannot take a port of the kernel's choosing and say which: its port is drawn
 * (test/helpers/port-draws.ts) and it is started again on another when the port is taken.
 *
 * No ChrootDirectory: the account can reach the whole file system, so a file name that escaped
 * the upload directory would land outside it, and a test proves the upload's own sanitizing, not
 * the server's jail.
 */

export interface RunningSftpServer {
  host: string;
  port: number;
  username: string;
  /** The account's private key (OpenSSH form); its public half is the one authorized key. */
  privateKey: string;
  /** The server's host key as a public key line (`ssh-ed25519 AAAA… comment`). */
  hostPublicKey: string;
  /** The host key's fingerprint as `ssh-keygen -l -E sha256` prints it. */
  hostKeySha256: string;
  /** The directory uploads land in (an absolute path, the same on the server and here). */
  root: string;
  /** What sshd has logged so far. */
  log(): string;
  /** The client ports of the connections sshd has taken and not yet seen end, by its log. */
  openConnections(): number[];
  stop(): Promise<void>;
}

/** The client ports of connections a log shows opened and not ended, line by line (a port may come again). */
export function openConnectionsIn(log: string): number[] {
  const open = new Set<number>();
  for (const line of log.split('\n')) {
    const opened = /^Connection from 127\.0\.0\.1 port (\d+) on/.exec(line);
    if (opened) open.add(Number(opened[1]));
    const ended =
      /^(?:Connection closed by|Connection reset by|Disconnected from)\b.*? 127\.0\.0\.1 port (\d+)/.exec(
        line,
      );
    if (ended) open.delete(Number(ended[1]));
  }
  return [...open];
}

export interface KeyPair {
  privateKey: string;
  publicKeyLine: string;
}

/** An ed25519 key pair from ssh-keygen, its files removed. */
export function generateKeyPair(comment = 'oi-payments test key'): KeyPair {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oi-payments-key-'));
  try {
    return keyPairIn(dir, 'key', comment);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function keyPairIn(dir: string, name: string, comment: string): KeyPair {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { stdio: 'pipe' });
  return {
    privateKey: readFileSync(file, 'utf8'),
    publicKeyLine: readFileSync(`${file}.pub`, 'utf8').trim(),
  };
}

/** sshd on the PATH, else where Debian puts it (a user's PATH often lacks /usr/sbin). sshd re-executes itself, so the path is absolute. */
function sshdBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v sshd'], { encoding: 'utf8' }).stdout.trim();
  return path.isAbsolute(found) ? found : '/usr/sbin/sshd';
}

/** OpenSSH's version, for the options only newer servers know. */
function sshdVersion(sshd: string): [number, number] {
  const banner = spawnSync(sshd, ['-V'], { encoding: 'utf8' });
  const match = /OpenSSH_(\d+)\.(\d+)/.exec(`${banner.stdout}${banner.stderr}`);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

function sshdConfig(dir: string, port: number, username: string, version: [number, number]): string {
  const lines = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_ed25519')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    // The temporary directory's owner and modes are the test's, not a home directory's.
    'StrictModes no',
    'UsePAM no',
    'AuthenticationMethods publickey',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${username}`,
    'Subsystem sftp internal-sftp',
    'ForceCommand internal-sftp',
    'PermitTTY no',
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'UseDNS no',
    'PrintMotd no',
    // Each connection's start and end, and each key offered: what the tests read of the log.
    'LogLevel VERBOSE',
  ];
  // From 9.8 sshd holds back an address that failed to sign in; the suite's refused attempts
  // would hold back its own next ones.
  if (version[0] > 9 || (version[0] === 9 && version[1] >= 8)) lines.push('PerSourcePenalties no');
  return `${lines.join('\n')}\n`;
}

/** Whether an SSH server answers on the port: its identification line ("SSH-2.0-…"), not merely a connection. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let heard = '';
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(5_000, () => done(false));
    socket.on('data', (chunk: Buffer) => {
      heard += chunk.toString('latin1');
      if (heard.includes('\n')) done(heard.startsWith('SSH-2.0-'));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

export async function startSftpServer(): Promise<RunningSftpServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oi-payments-sshd-'));
  try {
    const host = keyPairIn(dir, 'host_ed25519', 'oi-payments test host');
    const client = keyPairIn(dir, 'client_ed25519', 'oi-payments test client');
    writeFileSync(path.join(dir, 'authorized_keys'), `${client.publicKeyLine}\n`);
    const root = path.join(dir, 'upload');
    mkdirSync(root);
    const hostKeySha256 = /SHA256:\S+/.exec(
      execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', path.join(dir, 'host_ed25519.pub')], {
        encoding: 'utf8',
      }),
    )![0];
    const username = os.userInfo().username;
    // sshd's privilege separation directory (Debian's), which a fresh container lacks.
    if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

    const sshd = sshdBinary();
    const version = sshdVersion(sshd);
    const { started, ports, release } = await startOnDrawnPorts('sshd', 1, ([port]) =>
      startSshd(sshd, dir, port!, username, version),
    );
    return {
      host: '127.0.0.1',
      port: ports[0]!,
      username,
      privateKey: client.privateKey,
      hostPublicKey: host.publicKeyLine,
      hostKeySha256,
      root,
      log: started.log,
      openConnections: () => openConnectionsIn(started.log()),
      stop: async () => {
        await started.stop();
        release();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startSshd(
  sshd: string,
  dir: string,
  port: number,
  username: string,
  version: [number, number],
): Promise<{ log: () => string; stop: () => Promise<void> }> {
  const config = path.join(dir, 'sshd_config');
  writeFileSync(config, sshdConfig(dir, port, username, version));
  const logFile = path.join(dir, `sshd-${port}.log`);
  const logFd = openSync(logFile, 'w');
  // -D: stay in the foreground as this process's child; -e: log to stderr, here its file.
  const child: ChildProcess = spawn(sshd, ['-D', '-e', '-f', config], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const exit = once(child, 'exit');
  // A test process that ends without stopping it (a crash) takes sshd with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exit;
    }
  };

  const expectedMs = 10_000;
  const startedAt = Date.now();
  const deadline = hangGuardDeadline(expectedMs);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `sshd exited (${child.exitCode ?? child.signalCode}) on port ${port}:\n${log().slice(-4000)}`,
      );
    }
    // Another program on the port would greet too: this sshd must say it listens there.
    if (log().includes(`Server listening on 127.0.0.1 port ${port}.`) && (await greets(port))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`sshd did not answer on port ${port}:\n${log().slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  noteSlowWait('sshd to answer', expectedMs, startedAt);
  return { log, stop };
}
