import { parseArgs } from 'node:util';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../domain/operators/passwords.js';
import { ROLES } from '../../domain/operators/permissions.js';
import { REPORT_LAYOUTS } from '../../domain/reconciliation/settlements.js';
import { SETTLEMENT_GATEWAYS } from '../../gateways/settlement-reports.js';
import { EVENT_TYPE_NAMES } from '../../api/openapi/event-types.js';
import { UsageError } from './errors.js';

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  apps:create --name <name> [--display-name <name>] [--json]
      Registers an app with its TEST credential pair; prints the secret once. Its LIVE pair holds
      every scope, money ones included: an operator asks for it (dashboard or admin API), a FINANCE
      or ADMIN operator independent of them approves, and the requester collects it (keys:collect).
  keys:collect --request <id> --email <requester email> [--json]
      Collects an approved key request (a LIVE key that may move money) as the operator who asked
      for it (ADMIN or DEVELOPER; password read as for refunds:approve); prints the secret once. A
      second collection is refused.
  webhooks:set --app <id> --mode TEST|LIVE --url <url> [--json]
      Sets the app's webhook endpoint for one mode; prints its new signing secret once.
  operators:create --email <email> --role ${ROLES.join('|')} [--json]
      Bootstraps one of the first two ADMINs (local break-glass accounts); later operators come
      from the identity provider or as a proposal a second ADMIN approves. The password is read
      from stdin (first line) when piped, otherwise asked for twice without echo; at least
      ${MIN_PASSWORD_LENGTH} characters.
  refunds:approve --refund <reference> --email <approver email> [--comment <text>] [--json]
  refunds:reject  --refund <reference> --email <approver email> [--comment <text>] [--json]
      Decides a refund waiting for approval, as the operator with that email (FINANCE or ADMIN,
      not the one who asked for it). Their password is read as for operators:create (asked once).
      Needs the Temporal of the running service too (TEMPORAL_ADDRESS, or \`npm start\`'s).
  recon:import --gateway <gateway> --mode TEST|LIVE --email <operator email> [--format gateway|canonical] [--json] <file>
      Imports a settlement report (CSV or XLSX) as the operator with that email (FINANCE or ADMIN;
      password read as for refunds:approve), then starts the reconciliation of each settlement date
      it holds. The same file again answers the earlier import; a bad file is refused with the row
      and column of its first problem, nothing stored. Gateways: ${SETTLEMENT_GATEWAYS.join(', ')}.
      Needs the Temporal of the running service too.
  recon:bank-import --gateway <gateway> --mode TEST|LIVE --email <operator email> [--json] <file>
      Imports a statement (CSV: date, amount, currency, description[, bank_reference, payout_batch])
      of the bank account named for the gateway and mode, as the operator with that email (FINANCE
      or ADMIN), then matches again each settlement day it may change: a payout batch with no
      credit within the payout window becomes PAYOUT_MISSING. Same file again: the earlier import.
      Needs the Temporal of the running service too.
  ledger:verify [--json]
      Checks the ledger against its rules (balanced entries, balances, one entry per settled
      payment and refund, every entry's source, refunds within captures); exits 1 on any breach.
  keys:status [--json]
      How many sealed values (gateway credentials, webhook secrets) each key id of SEALING_KEYS
      still seals, and \`legacy\` ones sealed with CREDENTIAL_PEPPER: a key with none left can go.
  keys:rotate [--json]
      Re-seals every sealed value under the first key of SEALING_KEYS, row by row, while the
      service runs; idempotent. Exits 1 if a value does not open (names its row).
  listen --app <id> --forward-to <url> [--events <type,type>] [--since <ISO instant>]
      Forwards the app's TEST events, as they are written from now (or --since), to a URL on
      your machine, signed the Standard Webhooks way with a fresh whsec_ secret it prints; one
      line per event with the answer's status. The app's own endpoint still gets its deliveries.
      Ctrl-C stops it.

Uses DATABASE_URL, or else the embedded database of a running \`npm start\`.`;

const json = z.boolean().default(false);
const label = z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters');

const operatorEmail = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.email('must be an email address').max(254, 'at most 254 characters'),
);

const refundDecision = {
  refund: z.string().regex(/^rf_[0-9a-z]{20}$/, 'must be a refund reference (rf_…)'),
  email: operatorEmail,
  comment: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters').optional(),
  json,
};

const commandSchema = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('apps:create'), name: label, 'display-name': label.optional(), json }),
  z.strictObject({
    command: z.literal('webhooks:set'),
    app: z.coerce
      .number({ error: 'must be an app id' })
      .int('must be an app id')
      .positive('must be an app id'),
    mode: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['TEST', 'LIVE'])),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    json,
  }),
  z.strictObject({
    command: z.literal('operators:create'),
    email: operatorEmail,
    role: z.preprocess(
      (v) => (typeof v === 'string' ? v.toUpperCase() : v),
      z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
    ),
    json,
  }),
  z.strictObject({ command: z.literal('refunds:approve'), ...refundDecision }),
  z.strictObject({ command: z.literal('refunds:reject'), ...refundDecision }),
  z.strictObject({
    command: z.literal('recon:import'),
    gateway: z.enum(SETTLEMENT_GATEWAYS, { error: `must be one of ${SETTLEMENT_GATEWAYS.join(', ')}` }),
    mode: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['TEST', 'LIVE'])),
    email: operatorEmail,
    format: z.enum(REPORT_LAYOUTS, { error: 'must be gateway or canonical' }).optional(),
    file: z.string({ error: 'give the report file after the options' }).min(1),
    json,
  }),
  z.strictObject({
    command: z.literal('recon:bank-import'),
    gateway: z.enum(SETTLEMENT_GATEWAYS, { error: `must be one of ${SETTLEMENT_GATEWAYS.join(', ')}` }),
    mode: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['TEST', 'LIVE'])),
    email: operatorEmail,
    file: z.string({ error: 'give the statement file after the options' }).min(1),
    json,
  }),
  z.strictObject({ command: z.literal('ledger:verify'), json }),
  z.strictObject({
    command: z.literal('keys:collect'),
    request: z.coerce
      .number({ error: 'must be a key request id' })
      .int('must be a key request id')
      .positive('must be a key request id'),
    email: operatorEmail,
    json,
  }),
  z.strictObject({ command: z.literal('keys:status'), json }),
  z.strictObject({ command: z.literal('keys:rotate'), json }),
  z.strictObject({
    command: z.literal('listen'),
    app: z.coerce
      .number({ error: 'must be an app id' })
      .int('must be an app id')
      .positive('must be an app id'),
    'forward-to': z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    // LIVE is refused by the command itself, with the reason, rather than as a usage error.
    mode: z
      .preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['TEST', 'LIVE']))
      .default('TEST'),
    events: z
      .string()
      .transform((value) => value.split(',').map((type) => type.trim()))
      .pipe(
        z
          .array(z.enum(EVENT_TYPE_NAMES, { error: `must be event types: ${EVENT_TYPE_NAMES.join(', ')}` }))
          .min(1),
      )
      .optional(),
    since: z
      .string()
      .refine(
        (value) =>
          z.iso.datetime({ offset: true }).safeParse(value).success || z.iso.date().safeParse(value).success,
        'must be an ISO-8601 date, or date-time with an offset',
      )
      .transform((value) => new Date(value))
      .optional(),
  }),
]);

export type Command = z.infer<typeof commandSchema>;

/** Every command's name, as typed after `npm run cli --`. */
export const CLI_COMMAND_NAMES: readonly Command['command'][] = commandSchema.options.map(
  (option) => option.shape.command.value,
);

const options = {
  name: { type: 'string' },
  'display-name': { type: 'string' },
  app: { type: 'string' },
  mode: { type: 'string' },
  url: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  refund: { type: 'string' },
  request: { type: 'string' },
  comment: { type: 'string' },
  gateway: { type: 'string' },
  format: { type: 'string' },
  'forward-to': { type: 'string' },
  events: { type: 'string' },
  since: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Null means "show the usage": asked for with --help or `help`. */
export function parseCommand(argv: string[]): Command | null {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help || command === 'help') return null;
  if (!command) throw new UsageError('no command given');
  // recon:import and recon:bank-import take their file as the one argument after the options.
  const takesFile = command === 'recon:import' || command === 'recon:bank-import';
  const [file, ...more] = takesFile ? extra : [];
  if ((takesFile ? more : extra).length) {
    throw new UsageError(`unexpected argument: ${(takesFile ? more : extra).join(' ')}`);
  }
  const { help: _help, ...values } = parsed.values;
  const result = commandSchema.safeParse(
    { command, ...values, ...(file !== undefined && { file }) },
    { reportInput: true },
  );
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'invalid_union') return `unknown command: ${command}`;
      if (issue.code === 'unrecognized_keys')
        return `${command} does not take ${issue.keys.map((k) => `--${k}`).join(', ')}`;
      // A list's position is noise: `--events`, not `--events.0`.
      const flag = issue.path.filter((part) => typeof part === 'string').join('.');
      if (flag === 'file') return `the report file: ${issue.message}`;
      return `--${flag}: ${issue.input === undefined ? 'is required' : issue.message}`;
    });
    throw new UsageError(problems.join('\n'));
  }
  return result.data;
}
