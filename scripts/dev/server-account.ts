import { execFileSync, spawnSync } from 'node:child_process';

/** The unprivileged account PostgreSQL runs as when the launcher is root (PostgreSQL refuses root). */
export interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
}

export const SERVER_ACCOUNT_NAME = 'postgres';

function lookUp(name: string): ServerAccount | null {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
    return { name, uid: id('-u'), gid: id('-g') };
  } catch {
    return null;
  }
}

/**
 * Null when not root: PostgreSQL then runs as the user who started it. As root, the `postgres`
 * system account (created if missing, without a home or a login shell).
 */
export function serverAccount(): ServerAccount | null {
  if (process.getuid?.() !== 0) return null;
  const existing = lookUp(SERVER_ACCOUNT_NAME);
  if (existing) return existing;
  try {
    execFileSync(
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        SERVER_ACCOUNT_NAME,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    throw new Error(
      `PostgreSQL cannot run as root and the ${SERVER_ACCOUNT_NAME} user could not be created (${(error as Error).message.trim()}); create it, or set DATABASE_URL`,
    );
  }
  console.log(`created the system user ${SERVER_ACCOUNT_NAME} to run PostgreSQL`);
  return lookUp(SERVER_ACCOUNT_NAME)!;
}

/**
 * Whether the account can reach `target` (search permission on every directory on the way, and
 * on `target` itself): asked of the kernel as that account, so ACLs and modes are both counted.
 */
export function canReach(account: ServerAccount, target: string): boolean {
  return (
    spawnSync('test', ['-x', target], { uid: account.uid, gid: account.gid, cwd: '/', stdio: 'ignore' })
      .status === 0
  );
}
