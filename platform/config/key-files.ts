import { readFileSync } from 'node:fs';

/**
 * A private key file a setting names, read at start-up: a deployment whose key is missing,
 * unreadable or not a private key hears of it before it serves, in one line, not at the first
 * delivery hours later.
 */
export function privateKeyFileProblem(setting: string, path: string | undefined): string | null {
  if (!path) return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `${setting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`;
  }
  if (!/^-----BEGIN (OPENSSH|RSA|EC) PRIVATE KEY-----/m.test(text)) {
    return `${setting}: ${path} is not a private key (ssh-keygen -t ed25519 -N '' -f reports_sftp makes one)`;
  }
  return null;
}
