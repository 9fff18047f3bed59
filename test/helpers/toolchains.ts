import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Suites that need a toolchain beyond Node.js and Python (the PHP SDK's: php with its extensions,
 * PHPUnit, Composer, and Java for OpenAPI Generator; SFTP delivery's: OpenSSH's server). On a
 * laptop without it such a suite is skipped with one line naming the README's install command;
 * under CI (`CI=true`) a missing toolchain fails the run, so CI never skips it.
 */

export interface Toolchain {
  /** What the README's table calls it: the start of its row's first cell. */
  readmeRow: string;
  commands: readonly string[];
  /** PHP extensions `php -m` must list. */
  phpExtensions?: readonly string[];
}

export const PHP_TOOLCHAIN: Toolchain = {
  readmeRow: '`npm test` (the PHP SDK',
  commands: ['php', 'phpunit', 'composer', 'java'],
  phpExtensions: ['curl', 'mbstring', 'xml'],
};

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** What generating the PHP SDK's models needs: Java, for OpenAPI Generator's jar. */
export const PHP_MODELS_TOOLCHAIN: Toolchain = { readmeRow: PHP_TOOLCHAIN.readmeRow, commands: ['java'] };

/** What the SFTP delivery suite runs as the company's server: OpenSSH's sshd, and ssh-keygen for its keys. */
export const SSHD_TOOLCHAIN: Toolchain = {
  readmeRow: '`npm test` (the SFTP delivery suite)',
  commands: ['sshd', 'ssh-keygen'],
};

/** What of the toolchain this machine lacks: commands, then `php-<extension>` for extensions. */
export function missingFrom(toolchain: Toolchain): string[] {
  const missing = toolchain.commands.filter((command) => !onPath(command));
  if (toolchain.phpExtensions && onPath('php')) {
    const loaded = spawnSync('php', ['-m'], { encoding: 'utf8' }).stdout.toLowerCase().split('\n');
    for (const extension of toolchain.phpExtensions) {
      if (!loaded.includes(extension)) missing.push(`php-${extension}`);
    }
  }
  return missing;
}

/** The install command the README gives for the toolchain: the code span after "on Debian or Ubuntu:". */
export function installCommand(toolchain: Toolchain): string {
  const readme = readFileSync(resolve(__dirname, '..', '..', 'README.md'), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith(`| ${toolchain.readmeRow}`));
  const command = row && /`(apt-get install [^`]+)`/.exec(row)?.[1];
  if (!command) throw new Error(`README.md has no install command in its row "${toolchain.readmeRow}"`);
  return command;
}

/**
 * `describe` when the toolchain is here. Without it: under CI, a suite whose one test fails naming
 * what is missing and how to install it; elsewhere, a skipped suite and one line saying so.
 */
export function describeWithToolchain(toolchain: Toolchain, name: string, suite: () => void): void {
  const missing = missingFrom(toolchain);
  if (missing.length === 0) {
    describe(name, suite);
    return;
  }
  const why = `${missing.join(', ')} not installed; install with: ${installCommand(toolchain)}`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has its toolchain installed', () => {
        throw new Error(`${name}: ${why}`);
      });
    });
    return;
  }
  process.stderr.write(`skipped "${name}": ${why}\n`);
  describe.skip(name, suite);
}
