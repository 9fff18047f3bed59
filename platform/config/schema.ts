import { DEFAULT_CONCURRENT_READS, DEFAULT_UPLOAD_LIMITS } from '../../domain/uploads/upload-limits.js';
import { z } from 'zod';
import { parseDatabaseUrl } from '../orm/connection-url.js';
import { BKASH_SETTINGS } from '../../gateways/bkash/settings.js';
import { PAYOUT_SETTINGS } from '../../domain/payouts/payout-settings.js';
import { SSLCOMMERZ_SETTINGS } from '../../gateways/sslcommerz/settings.js';
import { PAYMENT_EXPIRY_MINUTES } from '../../domain/payments/payment-expiry.js';
import {
  DEFAULT_EVENT_RETENTION_DAYS,
  MAX_EVENT_RETENTION_DAYS,
} from '../../domain/webhooks/event-retention.js';
import {
  REPORT_FIELDS,
  type ColumnOverrides,
} from '../../domain/reconciliation/settlement-reports/layouts.js';
import { REPORT_FILE_GATEWAYS, SETTLEMENT_GATEWAYS } from '../../gateways/settlement-reports.js';
import {
  DEFAULT_FEE_TOLERANCE_MINOR,
  DEFAULT_GRACE_DAYS,
  parsePerGateway,
  type PerGateway,
} from '../../domain/reconciliation/reconciliation.js';
import { DEFAULT_PAYOUT_WINDOW_DAYS } from '../../domain/reconciliation/payout-matching.js';
import {
  PAYOUT_RAILS_WITH_STATEMENTS,
  railReconGateway,
} from '../../domain/reconciliation/rail-statements.js';
import { parseSealingKeys } from '../sealing/secret-box.js';
import { DEFAULT_COMPANY_TIME_ZONE, isTimeZone } from '../../domain/shared/company-time.js';
import {
  DEFAULT_ROUNDING_TOLERANCE_TEXT,
  parsePerCurrency,
  type PerCurrency,
} from '../../domain/reconciliation/recon-tolerance.js';
import { secretWeakness } from './secret-strength.js';
import { EPHEMERAL_PORT, blankAsUnset, optionalUrl, port, url } from './setting-types.js';
import { parseNetworks, parsePrivateTargets, type Network, type PrivateTargets } from './network-lists.js';

/** A sender address on a domain nobody owns: fine for the local mail catcher, spam anywhere else. */
export const DEVELOPMENT_EMAIL_FROM = 'no-reply@oi-payments.local';

/**
 * Every setting comes from an environment variable parsed here, once, with a working local default
 * where one is safe. A bad or unsafe value stops start-up with a message naming the variable
 * (platform/config/deployment.ts: the rules hold whatever NODE_ENV says).
 */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/**
 * `<keyId>:<base64 32 bytes>` entries, the first sealing; parsed into keys, never echoed back.
 * Each key must also pass the strength rule every secret setting passes.
 */
const sealingKeys = z.string().transform((text, ctx) => {
  const parsed = parseSealingKeys(text);
  const problems = parsed.ok
    ? parsed.keys.flatMap((k) => {
        const weakness = secretWeakness(k.key.toString('base64'));
        return weakness ? [`key "${k.id}" ${weakness}`] : [];
      })
    : parsed.problems;
  if (parsed.ok && !problems.length) return parsed.keys;
  for (const problem of problems) ctx.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});
/** A list setting parsed by `parse`; each problem reported under the variable. */
const parsedList = <T>(
  parse: (text: string) => { ok: true; value: T } | { ok: false; problems: string[] },
  empty: T,
) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .optional()
      .transform((text, ctx): T => {
        if (text === undefined) return empty;
        const parsed = parse(text);
        if (parsed.ok) return parsed.value;
        for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }),
  );

/** A URL the `pg` driver can use; what is wrong with it, when not, named in the error. */
const postgresUrl = z.string().superRefine((value, context) => {
  try {
    parseDatabaseUrl(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/**
 * Column names of settlement reports per gateway, as JSON: `{"bkash": {"net": "Net Payable"}}`.
 * Fields not named keep their defaults (each gateway's module, `settlementReport`).
 */
const settlementColumns = z.string().transform((text, ctx): ColumnOverrides => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON: {"<gateway>": {"<field>": "<column name>"}}' });
    return z.NEVER;
  }
  const shape = z.partialRecord(
    z.enum(REPORT_FILE_GATEWAYS),
    z.partialRecord(z.enum(REPORT_FIELDS), z.string().trim().min(1).max(200)),
  );
  const checked = shape.safeParse(parsed);
  if (checked.success) return checked.data as ColumnOverrides;
  for (const issue of checked.error.issues) {
    ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || 'value'}: ${issue.message}` });
  }
  return z.NEVER;
});

/**
 * A reconciliation number per gateway: `<n>` for all, or `<gateway>:<n>` entries with at most one
 * bare `<n>` for the others (domain/reconciliation/reconciliation.ts, parsePerGateway). Unset: `fallback`.
 */
const perCurrency = (allowOff: boolean) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .optional()
      .transform((text, ctx): PerCurrency | null => {
        const given = (text ?? DEFAULT_ROUNDING_TOLERANCE_TEXT).trim();
        if (allowOff && given.toLowerCase() === 'off') return null;
        const parsed = parsePerCurrency(given);
        if (parsed.ok) return parsed.value;
        for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }),
  );

/** What RECON_* settings may name: the settlement gateways, and the payout rails' statement days. */
const RECON_DAY_GATEWAYS: readonly string[] = [
  ...SETTLEMENT_GATEWAYS,
  ...PAYOUT_RAILS_WITH_STATEMENTS.map(railReconGateway),
];

const perGateway = (rule: { min: number; max: number; fallback: number }) =>
  z.preprocess(
    blankAsUnset,
    z
      .string()
      .optional()
      .transform((text, ctx): PerGateway => {
        if (text === undefined) return { other: rule.fallback, gateways: {} };
        const parsed = parsePerGateway(text, { ...rule, gateways: RECON_DAY_GATEWAYS });
        if (parsed.ok) return parsed.value;
        for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }),
  );

export const configSchema = z.object({
  /** Only chooses compiled code or TypeScript (scripts/start.cjs); no safety rule depends on it. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /**
   * Set to `development` by `npm start` and the test harnesses for the processes they start: it
   * relaxes the rules a laptop cannot meet (platform/config/deployment.ts). Never for a deployment:
   * `npm run start:api` / `start:worker` refuse it.
   */
  OI_PAYMENTS_STACK: z.preprocess(blankAsUnset, z.enum(['development']).optional()),
  /** The API's port; 0: a port the kernel picks, named in the `api listening` log line and LISTEN_PORT_FILE. */
  PORT: port.default(8080),
  /**
   * A file the process writes the port it listens on to, once it listens (the API's PORT, the
   * worker's WORKER_METRICS_PORT): how whoever started it on an ephemeral port learns which port
   * it got, rather than choosing one for it that another process could take first.
   */
  LISTEN_PORT_FILE: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /**
   * The address the API listens on (and, under npm start, the simulators, the demo webhook
   * receiver and the mail catcher). Unset: every interface, as a container needs; npm start
   * makes it 127.0.0.1.
   */
  BIND_HOST: z.preprocess(blankAsUnset, z.union([z.ipv4(), z.ipv6(), z.hostname()]).optional()),
  PUBLIC_URL: url.default('http://localhost:8080'),
  /**
   * What the guides at /docs tell an app team (api/docs/deployment-words.ts): the base URLs of the
   * shared TEST and LIVE services (both PUBLIC_URL unless set: one deployment serves both modes,
   * the credential choosing), the team that runs the service and registers apps, and how to reach
   * it (a mail address, a chat channel, a ticket form's URL: shown as written).
   */
  DOCS_TEST_BASE_URL: optionalUrl,
  DOCS_LIVE_BASE_URL: optionalUrl,
  SERVICE_OWNER: z.string().trim().min(1).max(120).default('the payments platform team'),
  SERVICE_OWNER_CONTACT: z.preprocess(blankAsUnset, z.string().trim().min(1).max(300).optional()),
  /** Reverse proxies in front of the API whose X-Forwarded-For is believed; 0 believes none. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * The addresses or networks (`172.30.0.10`, `10.0.0.0/24`) the proxy reaches the API from.
   * X-Forwarded-* headers are believed only on a connection from one of them; any other peer is
   * the client itself, whatever it writes. Required with TRUSTED_PROXY_HOPS outside the
   * development stack.
   */
  TRUSTED_PROXY_ADDRESSES: parsedList<Network[]>(parseNetworks, []),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.preprocess(blankAsUnset, postgresUrl.optional()),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('payments'),
  TEMPORAL_UI_URL: optionalUrl,
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS: z.preprocess(blankAsUnset, flag.optional()),
  TEMPORAL_TLS_CERT_PATH: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  TEMPORAL_TLS_KEY_PATH: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  TEMPORAL_TLS_CA_PATH: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  TEMPORAL_TLS_SERVER_NAME: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  TEMPORAL_API_KEY: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /**
   * A deployment talks to Temporal over TLS (TEMPORAL_TLS, a client certificate or an API key):
   * workflow histories carry payment data and anyone on the path could start workflows. `true`
   * accepts a plaintext connection anyway (a sidecar on the same host), and every process says so
   * loudly at start-up.
   */
  TEMPORAL_ALLOW_PLAINTEXT: z.preprocess(blankAsUnset, flag.default(false)),
  // worker/worker-limits.ts DEFAULT_MAX_CACHED_WORKFLOWS (the bench's bare worker reads it there).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1).max(100_000).default(100),
  /**
   * The worker's port: its probes (/health/live, /health/ready) always, /metrics with
   * METRICS_TOKEN (or on the development stack); 0: not served; `ephemeral`: a port the kernel
   * picks, named in the worker's log and in LISTEN_PORT_FILE (for whoever started the worker).
   */
  WORKER_METRICS_PORT: z
    .union([z.literal(EPHEMERAL_PORT), z.coerce.number().int().min(0).max(65_535)], {
      error: `a port number (0: not served) or \`${EPHEMERAL_PORT}\` (a port the kernel picks)`,
    })
    .default(9464),
  /** How long readiness waits for each dependency (PostgreSQL, Temporal) before it counts as down. */
  PROBE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
  /**
   * Seconds the worker may go without reaching Temporal before its readiness says it stopped
   * polling: a blip does not flap it, an outage does.
   */
  WORKER_TEMPORAL_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /**
   * From SIGTERM to exit, at most: the API's requests in flight and the worker's activities in
   * flight get this long to finish. Below Kubernetes' terminationGracePeriodSeconds (30 by default).
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(25),
  /**
   * Seconds the API keeps taking new connections after SIGTERM, readiness already answering 503
   * `draining`, so load balancers and Kubernetes' endpoints stop sending it traffic first. Part of
   * SHUTDOWN_GRACE_SECONDS, not added to it.
   */
  SHUTDOWN_DRAIN_DELAY_SECONDS: z.coerce.number().int().min(0).max(600).default(5),
  /** A workflow bundle built ahead of time; compiled code finds `npm run build`'s own without it. */
  WORKFLOW_BUNDLE_PATH: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /**
   * Webhooks may reach every loopback and private address (a development machine's receiver);
   * the development stack only. A deployment names its internal targets instead (below).
   */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Internal apps on private addresses: host names (`billing.internal`) and networks
   * (`10.1.2.0/24`) that webhook deliveries and pings may reach although private. Checked on the
   * address a connection is made to; cloud metadata addresses stay out of reach.
   */
  WEBHOOK_ALLOWED_PRIVATE_TARGETS: parsedList<PrivateTargets>(parsePrivateTargets, {
    hosts: [],
    networks: [],
  }),
  /**
   * Requests per client IP per minute on the unauthenticated routes; 0 turns a limit off, on the
   * development stack only.
   */
  RATE_LIMIT_IPN_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  RATE_LIMIT_CHECKOUT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(120),
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(20),
  /**
   * Requests per minute an app may make with one of its credentials (TEST and LIVE count apart),
   * unless an operator set the app a limit of its own; 0 leaves such apps unlimited.
   */
  RATE_LIMIT_APP_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /** Bearer token Prometheus presents at /metrics; unset: not served (open on the development stack alone). */
  METRICS_TOKEN: z.preprocess(blankAsUnset, z.string().min(16).optional()),
  SWEEPER_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /**
   * Days an app can read its events back (GET /api/v1/events); the sweeper prunes older ones that
   * nothing else still needs (db/payments/pruning.ts).
   */
  EVENT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_EVENT_RETENTION_DAYS)
    .default(DEFAULT_EVENT_RETENTION_DAYS),
  /**
   * How often `ledger:verify`'s checks run for the whole deployment (a Temporal schedule); each
   * run's result is what /metrics' `ledger_verify_breaches` shows. 0 turns the schedule off.
   */
  LEDGER_VERIFY_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(3600),
  /**
   * How often open disputes nothing was heard of for six hours are asked about at their gateway
   * (a lost closing notice must not leave one open for good); 0 turns the schedule off.
   */
  DISPUTE_RECHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3600),
  /**
   * How often every gateway's health is evaluated (the `gateway-health-<task queue>` schedule); the
   * checkout demotes a degraded gateway within this. 0 turns the schedule off.
   */
  GATEWAY_HEALTH_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(60).default(30),
  /** How often each process writes the gateway call outcomes it counted (per gateway, mode and minute). */
  GATEWAY_CALLS_FLUSH_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
  /**
   * Whether the API keeps each app's requests in its request log (api/middleware/request-log.ts).
   * On unless set to `false`: apps read it to find out why a call failed. Off is for measuring its
   * cost (`npm run bench -- --only request-log`) or for shedding it in an emergency.
   */
  REQUEST_LOG_ENABLED: z.preprocess(blankAsUnset, flag.default(true)),
  /** The window gateway health is computed over, and the fewest calls in it that say anything. */
  GATEWAY_HEALTH_WINDOW_SECONDS: z.coerce.number().int().min(60).max(3600).default(300),
  GATEWAY_HEALTH_MIN_CALLS: z.coerce.number().int().min(1).max(100_000).default(10),
  /** How long a gateway's error rate must stay low before its health gets better (hysteresis). */
  GATEWAY_HEALTH_RECOVERY_SECONDS: z.coerce.number().int().min(0).max(3600).default(180),
  /**
   * The secret mixed into every stored credential hash. Required and checked for strength at
   * start-up (platform/config/secret-strength.ts); blank here only so the tests can build a config in
   * process. `npm start` makes a random one under DATA_DIR.
   */
  CREDENTIAL_PEPPER: z.string().default(''),
  /**
   * Peppers CREDENTIAL_PEPPER replaced, comma separated, newest first: a secret hashed under one
   * still authenticates and is re-hashed under the current pepper on that use, so after a rotation
   * window the list can be emptied (docs/operations/credential-pepper-rotation.md).
   */
  CREDENTIAL_PEPPER_PREVIOUS: z.preprocess(
    blankAsUnset,
    z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((pepper) => pepper.trim())
          .filter((pepper) => pepper !== ''),
      )
      .default([]),
  ),
  /**
   * The keys that seal gateway credentials and webhook secrets at rest; no default: the API, the
   * worker and the CLI refuse to start without (platform/sealing/sealing.ts). `npm start` generates one.
   */
  SEALING_KEYS: z.preprocess(blankAsUnset, sealingKeys.optional()),
  /**
   * The key derived from CREDENTIAL_PEPPER that sealed values before SEALING_KEYS existed:
   * `accepted` still opens them until keys:rotate re-seals them; `retired` opens none, and the API
   * and the worker refuse to start while any value is still sealed with it. Unset: `retired` in a
   * deployment, `accepted` on the development stack (platform/config/deployment.ts).
   */
  SEALING_LEGACY_KEY: z.preprocess(blankAsUnset, z.enum(['accepted', 'retired']).optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Each gateway's own settings, declared in its folder.
  ...SSLCOMMERZ_SETTINGS,
  ...BKASH_SETTINGS,
  ...PAYOUT_SETTINGS,
  PAYMENT_DEFAULT_EXPIRY_MINUTES: z.coerce
    .number()
    .int()
    .min(PAYMENT_EXPIRY_MINUTES.min)
    .max(PAYMENT_EXPIRY_MINUTES.max)
    .default(PAYMENT_EXPIRY_MINUTES.default),
  /** How long a refund waits for an approver before it expires and releases its amount (hours; fractions allowed). */
  REFUND_APPROVAL_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(72),
  /** Approving a TEST refund above this many minor units needs the approver's password again (step-up). */
  REFUND_APPROVAL_STEP_UP_ABOVE_MINOR: z.coerce.number().int().min(0).default(10_000_000),
  /** The same for LIVE refunds, where the money is real: 10,000.00 BDT by default. */
  REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE: z.coerce.number().int().min(0).default(1_000_000),
  /** Recording or approving a TEST manual receipt above this many minor units needs the password again. */
  MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR: z.coerce.number().int().min(0).default(10_000_000),
  /** The same for LIVE manual receipts: 10,000.00 BDT by default. */
  MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE: z.coerce.number().int().min(0).default(1_000_000),
  /**
   * The SMTP server customers' emails go through: `smtps://user:pass@host:465` (TLS from the first
   * byte) or `smtp://user:pass@host:587?requireTLS=true` (STARTTLS that must succeed); plain smtp
   * only on the development stack (its mail catcher). Unset: messages are logged SKIPPED, never sent.
   */
  SMTP_URL: z.preprocess(blankAsUnset, z.url({ protocol: /^smtps?$/ }).optional()),
  /** The address customers' emails come from; the app's display name is its name. */
  EMAIL_FROM: z.preprocess(blankAsUnset, z.email().default(DEVELOPMENT_EMAIL_FROM)),
  /**
   * The OpenSSH private key file (unencrypted) the worker signs in to report schedules' SFTP
   * servers with; its public half is what a server's authorized_keys names. Unset: schedules
   * deliver by email only.
   */
  REPORT_SFTP_PRIVATE_KEY_FILE: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /**
   * Whether ADMIN and FINANCE operators must enrol a second factor (TOTP) before they can do
   * anything else: `required-for-money-roles` (the default, a deployment's posture) or `optional`
   * (npm start and the test stack). Enrolled operators are asked for their code either way.
   */
  OPERATOR_SECOND_FACTOR: z
    .enum(['required-for-money-roles', 'optional'])
    .default('required-for-money-roles'),
  /**
   * Local password accounts are break-glass only: `on` lets them sign in (dashboard, admin API,
   * CLI), `off` refuses every password sign-in so people sign in through the identity provider.
   * Unset: on in the development stack (npm start, the tests), off everywhere else. Turned on only
   * here, by a deployment change, never at run time from the dashboard.
   */
  OPERATOR_BREAK_GLASS: z.preprocess(blankAsUnset, z.enum(['on', 'off']).optional()),
  /** Days an account its proposer created or changed is not that proposer's second person (second-person rule). */
  OPERATOR_TIE_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** Wrong second-factor codes in a row after a right password before the operator's sign-in locks. */
  OPERATOR_CODE_FAILURES_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** How long that lock lasts, in minutes. */
  OPERATOR_CODE_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /**
   * Operators sign in with OpenID Connect (authorization code with PKCE) against this issuer (its
   * discovery document at /.well-known/openid-configuration): Keycloak, Entra ID, Google, Okta…
   * Unset: no identity provider (password break-glass only).
   */
  OIDC_ISSUER_URL: optionalUrl,
  OIDC_CLIENT_ID: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  OIDC_CLIENT_SECRET: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /** Where the provider sends the person back; PUBLIC_URL + /admin/oidc/callback when unset. */
  OIDC_REDIRECT_URL: optionalUrl,
  OIDC_SCOPES: z.preprocess(blankAsUnset, z.string().default('openid email profile')),
  /** The ID token claim that lists the person's groups. */
  OIDC_GROUPS_CLAIM: z.preprocess(blankAsUnset, z.string().default('groups')),
  /**
   * Which groups give which role, read at every sign-in: `ADMIN=payments-admins,FINANCE=payments-finance`
   * (a role may name several groups with `|`). Someone in no mapped group cannot sign in; in several,
   * the first role in ADMIN, FINANCE, DEVELOPER, SUPPORT, VIEWER order wins.
   */
  OIDC_ROLE_GROUPS: z.preprocess(blankAsUnset, z.string().optional()),
  /** `amr` values that count as the provider's second factor (any one of them). */
  OIDC_SECOND_FACTOR_AMR: z.preprocess(blankAsUnset, z.string().default('mfa,otp,hwk,swk,sc,fpt')),
  /** `acr` values that count as the provider's second factor; none when unset. */
  OIDC_SECOND_FACTOR_ACR: z.preprocess(blankAsUnset, z.string().optional()),
  /** The name the sign-in page gives the provider ("Sign in with …"). */
  OIDC_DISPLAY_NAME: z.preprocess(blankAsUnset, z.string().max(60).default('your identity provider')),
  /**
   * Settlement reports' column names per gateway, where a merchant panel's export differs from the
   * defaults: JSON, `{"sslcommerz": {"fee": "MDR"}, "bkash": {"net": "Net Payable"}}`
   * (docs/processes/reconciliation.md, "Report layouts").
   */
  SETTLEMENT_REPORT_COLUMNS: z.preprocess(blankAsUnset, settlementColumns.optional()),
  /**
   * Days after a settlement date before a captured payment no line settled is an exception
   * (UNSETTLED_PAYMENT), and the day may close: `2`, or per gateway `2,bkash:4`.
   */
  RECON_GRACE_DAYS: perGateway({ min: 0, max: 60, fallback: DEFAULT_GRACE_DAYS }),
  /**
   * How far (minor units) a settlement line's fee may differ from the fee booked at capture and
   * still be posted as a FEE_ADJUSTMENT without asking finance: `100`, or `100,stripe:0`.
   */
  RECON_FEE_TOLERANCE_MINOR: perGateway({ min: 0, max: 1_000_000, fallback: DEFAULT_FEE_TOLERANCE_MINOR }),
  /**
   * Days after a settlement date within which each of its payout batches must show as a credit on
   * the statement of the bank account the gateway settles to, else PAYOUT_MISSING: `3`, or per
   * gateway `3,stripe:5`.
   */
  RECON_PAYOUT_WINDOW_DAYS: perGateway({ min: 0, max: 30, fallback: DEFAULT_PAYOUT_WINDOW_DAYS }),
  /**
   * The time zone the dashboard shows times in (an IANA zone such as Asia/Dhaka or Europe/London);
   * the UTC time stays on hover. Its midnight also starts the company's business day: a
   * requester's refunds for the approval rules, an app's guardrail limits per day and its payouts
   * of the day, an invoice installment's due day, the journal export's days. An unknown zone stops
   * start-up.
   */
  COMPANY_TIME_ZONE: z.preprocess(
    blankAsUnset,
    z
      .string()
      .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Dhaka' })
      .transform((zone) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone)
      .default(DEFAULT_COMPANY_TIME_ZONE),
  ),
  /**
   * What a file finance uploads (settlement report, bank statement) may cost to read: bytes sent,
   * bytes a workbook inflates to, how far one part may inflate over its compressed size, rows,
   * columns, and the heap of the process that reads it (docs/security/uploads.md).
   */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(DEFAULT_UPLOAD_LIMITS.maxBytes),
  UPLOAD_MAX_DECOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(DEFAULT_UPLOAD_LIMITS.maxDecompressedBytes),
  UPLOAD_MAX_COMPRESSION_RATIO: z.coerce
    .number()
    .int()
    .min(2)
    .max(1000)
    .default(DEFAULT_UPLOAD_LIMITS.maxCompressionRatio),
  UPLOAD_MAX_ROWS: z.coerce.number().int().min(1).max(5_000_000).default(DEFAULT_UPLOAD_LIMITS.maxRows),
  UPLOAD_MAX_COLUMNS: z.coerce.number().int().min(2).max(1024).default(DEFAULT_UPLOAD_LIMITS.maxColumns),
  UPLOAD_PARSER_HEAP_MB: z.coerce
    .number()
    .int()
    .min(32)
    .max(4096)
    .default(DEFAULT_UPLOAD_LIMITS.parserHeapMb),
  /**
   * Seconds a reading process may go without progress (bytes read on, rows made) before it is
   * ended and the file refused; under the reading activity's 20-minute timeout, so a file that
   * hangs its reader is refused rather than read again and again.
   */
  UPLOAD_READER_STALL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(600)
    .default(DEFAULT_UPLOAD_LIMITS.readerStallSeconds),
  /** Uploads the worker reads at once, each in a process of UPLOAD_PARSER_HEAP_MB; the rest wait. */
  UPLOAD_MAX_CONCURRENT_READS: z.coerce.number().int().min(1).max(16).default(DEFAULT_CONCURRENT_READS),
  /** Where uploads are spooled and read; unset: the system's temporary directory. */
  UPLOAD_TMP_DIR: z.preprocess(blankAsUnset, z.string().min(1).optional()),
  /** How long the API waits for the worker to read an upload before answering 202 with where to look. */
  UPLOAD_WAIT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  /**
   * How far (minor units, per currency) an adjustment or an accepted fee difference on a LIVE
   * day's exception may post on one operator's word; beyond it, a second FINANCE or ADMIN operator
   * approves it first: `BDT:100,1` (the default: 1 taka, 1 minor unit of any other currency), at
   * most 10000. The uploader of a report never clears its exceptions alone, whatever the amount.
   */
  RECON_ROUNDING_TOLERANCE_MINOR: perCurrency(false).transform((value) => value!),
  /** The same for TEST days (sandbox money); `off` lets one operator post any amount on them. */
  RECON_TEST_ROUNDING_TOLERANCE_MINOR: perCurrency(true),
  /** The development mail catcher's HTTP API, whose inbox the dashboard shows (npm start sets it). */
  MAIL_CATCHER_URL: optionalUrl,
});

export type Config = z.infer<typeof configSchema>;
