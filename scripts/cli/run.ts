import { breakGlassOn } from '../../platform/config/deployment.js';
import { ConfigError, uploadAreaOf } from '../../platform/config/index.js';
import { loadStartupConfig } from '../../platform/config/startup.js';
import { refusalLines } from '../../platform/config/startup-failure.js';
import { parseCommand, USAGE, type Command } from './args.js';
import { runCommand } from './commands.js';
import { cliEnvironment, openMigratedDatabase, resolveCliDatabaseUrl } from './database.js';
import { CliFailure, InputError, UsageError } from './errors.js';
import { readNewPassword, readOwnPassword } from './password.js';
import type * as CliTemporal from './temporal.js';

const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);

/** An abort signal Ctrl-C (or a TERM) fires, for a command that runs until stopped. */
function stopOnSignals() {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    },
  };
}

/** Runs one CLI command; resolves to the exit code (2: bad input, 1: the command failed). */
export async function runCli(argv: string[]): Promise<number> {
  let command: Command | null;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`error: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!command) {
    out(USAGE);
    return 0;
  }
  try {
    // Settings first: an unsafe one stops the CLI before it asks for anything or connects.
    const { config, keyring } = loadStartupConfig(cliEnvironment(process.env));
    // Asked before the database opens, so bad input fails fast and the prompt comes first.
    const deciding =
      command.command === 'refunds:approve' ||
      command.command === 'refunds:reject' ||
      command.command === 'recon:import' ||
      command.command === 'recon:bank-import';
    let password: string | null = null;
    let readCode: (() => Promise<string>) | undefined;
    if (command.command === 'operators:create') password = await readNewPassword();
    if (
      command.command === 'refunds:approve' ||
      command.command === 'refunds:reject' ||
      command.command === 'recon:import' ||
      command.command === 'recon:bank-import' ||
      command.command === 'keys:collect'
    ) {
      ({ password, readCode } = await readOwnPassword(command.email));
    }
    const orm = await openMigratedDatabase(resolveCliDatabaseUrl(config));
    const temporal = deciding
      ? // Loaded only for the commands that reach Temporal: the others start without its client.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        await (require('./temporal.js') as typeof CliTemporal)
          .connectOrchestrator(config)
          .catch(async (error: unknown) => {
            await orm.close();
            throw error;
          })
      : null;
    const stop = command.command === 'listen' ? stopOnSignals() : null;
    try {
      await runCommand(orm, command, {
        pepper: config.CREDENTIAL_PEPPER,
        keyring,
        print: out,
        password,
        readCode,
        secondFactorPosture: config.OPERATOR_SECOND_FACTOR,
        breakGlass: breakGlassOn(config),
        codeCeiling: {
          maxFailures: config.OPERATOR_CODE_FAILURES_MAX,
          lockMs: config.OPERATOR_CODE_LOCK_MINUTES * 60_000,
        },
        orchestrator: temporal?.orchestrator,
        settlementColumns: config.SETTLEMENT_REPORT_COLUMNS,
        uploadArea: uploadAreaOf(config),
        printError: err,
        signal: stop?.signal,
      });
      if (stop) out('Stopped.');
    } finally {
      stop?.release();
      await temporal?.close();
      await orm.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      err(`error: ${error.message}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      for (const line of refusalLines(error)) err(line);
      return 1;
    }
    if (!(error instanceof CliFailure)) throw error;
    err(`error: ${error.message}`);
    return 1;
  }
}
