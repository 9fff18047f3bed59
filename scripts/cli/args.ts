import { parseArgs } from 'node:util';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../domain/passwords.js';
import { ROLES } from '../../domain/permissions.js';
import { UsageError } from './errors.js';

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  apps:create --name <name> [--display-name <name>] [--json]
      Registers an app with a TEST and a LIVE credential pair; prints the secrets once.
  webhooks:set --app <id> --mode TEST|LIVE --url <url> [--json]
      Sets the app's webhook endpoint for one mode; prints its new signing secret once.
  operators:create --email <email> --role ${ROLES.join('|')} [--json]
      Creates a dashboard operator. The password is read from stdin (first line) when piped,
      otherwise asked for twice without echo; at least ${MIN_PASSWORD_LENGTH} characters.
  refunds:approve --refund <reference> --email <approver email> [--comment <text>] [--json]
  refunds:reject  --refund <reference> --email <approver email> [--comment <text>] [--json]
      Decides a refund waiting for approval, as the operator with that email (FINANCE or ADMIN,
      not the one who asked for it). Their password is read as for operators:create (asked once).
      Needs the Temporal of the running service too (TEMPORAL_ADDRESS, or \`npm start\`'s).
  ledger:verify [--json]
      Checks the ledger against its rules (balanced entries, balances, one entry per settled
      payment and refund, every entry's source, refunds within captures); exits 1 on any breach.
  keys:status [--json]
      How many sealed values (gateway credentials, webhook secrets) each key id of SEALING_KEYS
      still seals, and \`legacy\` ones sealed with CREDENTIAL_PEPPER: a key with none left can go.
  keys:rotate [--json]
      Re-seals every sealed value under the first key of SEALING_KEYS, row by row, while the
      service runs; idempotent. Exits 1 if a value does not open (names its row).

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
  z.strictObject({ command: z.literal('ledger:verify'), json }),
  z.strictObject({ command: z.literal('keys:status'), json }),
  z.strictObject({ command: z.literal('keys:rotate'), json }),
]);

export type Command = z.infer<typeof commandSchema>;

const options = {
  name: { type: 'string' },
  'display-name': { type: 'string' },
  app: { type: 'string' },
  mode: { type: 'string' },
  url: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  refund: { type: 'string' },
  comment: { type: 'string' },
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
  if (extra.length) throw new UsageError(`unexpected argument: ${extra.join(' ')}`);
  const { help: _help, ...values } = parsed.values;
  const result = commandSchema.safeParse({ command, ...values }, { reportInput: true });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'invalid_union') return `unknown command: ${command}`;
      if (issue.code === 'unrecognized_keys')
        return `${command} does not take ${issue.keys.map((k) => `--${k}`).join(', ')}`;
      const flag = issue.path.join('.');
      return `--${flag}: ${issue.input === undefined ? 'is required' : issue.message}`;
    });
    throw new UsageError(problems.join('\n'));
  }
  return result.data;
}
