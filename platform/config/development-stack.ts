import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `OI_PAYMENTS_STACK=development` relaxes rules a laptop cannot meet (platform/config/deployment.ts). A
 * setting alone proves nothing: copied into a deployment's environment it would open /metrics,
 * allow an http PUBLIC_URL and operators without a second factor. So a process honours it only
 * with proof that the development launcher (`npm start`) or a test harness started it:
 *
 * - the starter draws a random token and passes it as OI_PAYMENTS_STACK_PROOF;
 * - it writes `<DATA_DIR>/development-stack/<sha256 of the token>`, readable by its owner only,
 *   holding the starter's process id, and removes it when it exits.
 *
 * The process checks that the file exists, belongs to its own user, is private, and names a
 * starter that is still running. A deployment that copies the two settings has neither the file
 * nor the running starter.
 */
export const PROOF_VARIABLE = 'OI_PAYMENTS_STACK_PROOF';

const proofDirectory = (dataDir: string) => path.join(path.resolve(dataDir), 'development-stack');
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const issued = new Map<string, { file: string; env: DevelopmentStackEnv }>();

export interface DevelopmentStackEnv {
  OI_PAYMENTS_STACK: 'development';
  OI_PAYMENTS_STACK_PROOF: string;
}

/**
 * The settings that mark processes this process starts as the development stack, with DATA_DIR
 * `dataDir`: one proof per data directory per starter, removed when the starter exits.
 */
export function issueDevelopmentStackProof(dataDir: string): DevelopmentStackEnv {
  const directory = proofDirectory(dataDir);
  const known = issued.get(directory);
  if (known) return known.env;
  const token = randomBytes(32).toString('base64url');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const file = path.join(directory, digest(token));
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  const env: DevelopmentStackEnv = { OI_PAYMENTS_STACK: 'development', OI_PAYMENTS_STACK_PROOF: token };
  issued.set(directory, { file, env });
  if (issued.size === 1) process.once('exit', revokeDevelopmentStackProofs);
  return env;
}

/** Removes every proof this process issued (it also happens when the process exits). */
export function revokeDevelopmentStackProofs(): void {
  for (const { file } of issued.values()) rmSync(file, { force: true });
  issued.clear();
}

/**
 * Why `env` may not take the development stack's relaxations, or null when it does not ask for
 * them or proves its starter. One line naming the setting.
 */
export function developmentStackProblem(env: NodeJS.ProcessEnv): string | null {
  if (!env.OI_PAYMENTS_STACK) return null;
  const refused = (why: string) =>
    `OI_PAYMENTS_STACK: ${why}; only \`npm start\` and the test harnesses mark the processes they start themselves: unset it for a deployment`;
  const token = env[PROOF_VARIABLE]?.trim();
  if (!token) return refused(`is set without ${PROOF_VARIABLE}`);
  const file = path.join(proofDirectory(env.DATA_DIR?.trim() || '.data'), digest(token));
  let pid: number;
  try {
    const stat = lstatSync(file);
    if (!stat.isFile()) return refused(`${PROOF_VARIABLE} names no proof under DATA_DIR`);
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
      return refused('its proof under DATA_DIR belongs to another user');
    }
    if ((stat.mode & 0o077) !== 0) return refused('its proof under DATA_DIR is readable by others');
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return refused(`${PROOF_VARIABLE} names no proof under DATA_DIR`);
  }
  if (!Number.isInteger(pid) || pid <= 0 || !running(pid)) {
    return refused('the process that started this one is no longer running');
  }
  return null;
}
