import { DEVELOPMENT_EMAIL_FROM, type Config } from './schema.js';
import { secretWeakness } from './secret-strength.js';
import { liveUrlProblems } from './live-hosts.js';
import { privateKeyFileProblem } from './key-files.js';
import { GATEWAY_MODULES } from '../../gateways/catalogue.js';

/**
 * Every process is a deployment unless it says otherwise: the strict rules below hold whatever
 * NODE_ENV says. Only `npm start` (scripts/dev) and the test and benchmark harnesses set
 * OI_PAYMENTS_STACK=development for the processes they start themselves, which relaxes the
 * rules that a laptop cannot meet (an http PUBLIC_URL, an open /metrics, the mail catcher's plain
 * SMTP and its inbox, the placeholder sender address, operators without a second factor, webhooks to loopback,
 * limits off, plaintext Temporal). A process honours the setting only with proof that the launcher
 * or a harness started it (platform/config/development-stack.ts), so a deployment cannot opt out of the
 * rules. Secrets and the LIVE gateway rules are never relaxed: `npm start` makes random secrets of
 * its own.
 */
/** Whether local password accounts may sign in: the setting, else on in the development stack only. */
export const breakGlassOn = (config: Pick<Config, 'OI_PAYMENTS_STACK' | 'OPERATOR_BREAK_GLASS'>): boolean =>
  config.OPERATOR_BREAK_GLASS ? config.OPERATOR_BREAK_GLASS === 'on' : isDevelopmentStack(config);

export const isDevelopmentStack = (config: Pick<Config, 'OI_PAYMENTS_STACK'>) =>
  config.OI_PAYMENTS_STACK === 'development';

/**
 * Whether the legacy pepper-derived sealing key opens values: the setting, else retired in a
 * deployment (a key derived from the pepper should not keep opening secrets by default) and
 * accepted on the development stack, whose old data directories may still hold such values.
 */
export const legacySealingKeyAccepted = (
  config: Partial<Pick<Config, 'OI_PAYMENTS_STACK' | 'SEALING_LEGACY_KEY'>>,
): boolean =>
  (config.SEALING_LEGACY_KEY ?? (config.OI_PAYMENTS_STACK === 'development' ? 'accepted' : 'retired')) ===
  'accepted';

/** Whether SMTP_URL encrypts: TLS from the first byte (smtps://), or STARTTLS that must succeed. */
function smtpEncrypts(smtpUrl: string): boolean {
  const url = new URL(smtpUrl);
  if (url.protocol === 'smtps:') return true;
  // nodemailer reads its options from the query: requireTLS refuses to send unless STARTTLS works.
  return url.searchParams.get('requireTLS') === 'true' && url.searchParams.get('ignoreTLS') !== 'true';
}

/**
 * What stops a process from starting: settings that would protect nothing or move LIVE money
 * somewhere it must not go. Each problem is one line that starts with its variable's name.
 */
export function deploymentProblems(config: Config, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const weakness = secretWeakness(config.CREDENTIAL_PEPPER);
  if (weakness) problems.push(`CREDENTIAL_PEPPER: ${weakness}`);
  if (config.CREDENTIAL_PEPPER_PREVIOUS.includes(config.CREDENTIAL_PEPPER)) {
    problems.push(
      'CREDENTIAL_PEPPER_PREVIOUS: holds the current CREDENTIAL_PEPPER; list only the peppers it replaced',
    );
  }

  const publicUrl = new URL(config.PUBLIC_URL);
  if (publicUrl.protocol === 'https:' && config.TRUSTED_PROXY_HOPS === 0) {
    // Node serves plain HTTP only: an https address means a proxy terminates TLS in front of it.
    problems.push(
      'TRUSTED_PROXY_HOPS: PUBLIC_URL is https, so a proxy terminates TLS in front of the service; set the number of proxies (usually 1) so client addresses and https are read from it',
    );
  }

  const sftpKey = privateKeyFileProblem('REPORT_SFTP_PRIVATE_KEY_FILE', config.REPORT_SFTP_PRIVATE_KEY_FILE);
  if (sftpKey) problems.push(sftpKey);

  // Each gateway's own rules (its module's deploymentProblems), then its LIVE hosts'.
  for (const module of GATEWAY_MODULES) problems.push(...(module.deploymentProblems?.(config, env) ?? []));
  problems.push(...liveUrlProblems(config, env));

  if (isDevelopmentStack(config)) return problems;

  if (publicUrl.protocol !== 'https:') {
    problems.push('PUBLIC_URL: must be https (customers and gateways reach the service there)');
  }
  if (config.SMTP_URL && !smtpEncrypts(config.SMTP_URL)) {
    problems.push(
      "SMTP_URL: must encrypt customers' emails: smtps://… (TLS from the first byte) or smtp://…?requireTLS=true (STARTTLS required)",
    );
  }
  if (config.MAIL_CATCHER_URL) {
    // The catcher's inbox is every mail sent, operators' password-reset links among them, shown to
    // every role that may read the dashboard: a development stack's tool only.
    problems.push(
      "MAIL_CATCHER_URL: shows every email sent, operators' password-reset links included, to every dashboard role; for the development stack only, unset it",
    );
  }
  if (config.OPERATOR_SECOND_FACTOR === 'optional') {
    // A stolen password alone would move money: the relaxed posture exists for npm start and tests.
    problems.push(
      'OPERATOR_SECOND_FACTOR: must be required-for-money-roles (ADMIN and FINANCE enrol a second factor); optional is for the development stack only',
    );
  }
  if (config.SMTP_URL && config.EMAIL_FROM === DEVELOPMENT_EMAIL_FROM) {
    problems.push("EMAIL_FROM: set the address customers' emails come from, on a domain you send mail for");
  }
  if (config.WEBHOOK_ALLOW_PRIVATE_NETWORKS) {
    problems.push(
      'WEBHOOK_ALLOW_PRIVATE_NETWORKS: would let webhooks reach every internal address (databases, admin ports); name the internal apps in WEBHOOK_ALLOWED_PRIVATE_TARGETS instead',
    );
  }
  for (const name of RATE_LIMIT_SETTINGS) {
    if (config[name] === 0) {
      problems.push(`${name}: 0 turns the limit off, for the development stack only; set a limit`);
    }
  }
  if (config.RECON_TEST_ROUNDING_TOLERANCE_MINOR === null) {
    // One operator clearing any amount, even on sandbox days, is a posture for the test harness.
    problems.push(
      'RECON_TEST_ROUNDING_TOLERANCE_MINOR: off lets one operator post any adjustment on TEST days, for the development stack only; leave it unset or give a tolerance',
    );
  }
  if (config.TRUSTED_PROXY_HOPS > 0 && !config.TRUSTED_PROXY_ADDRESSES.length) {
    problems.push(
      "TRUSTED_PROXY_ADDRESSES: set the proxy's addresses or networks; without them any client that reaches the port writes its own X-Forwarded-For",
    );
  }
  if (!temporalEncrypts(config) && !config.TEMPORAL_ALLOW_PLAINTEXT) {
    problems.push(
      'TEMPORAL_TLS: the connection to Temporal is plaintext; set TEMPORAL_TLS=true with a client certificate (TEMPORAL_TLS_CERT_PATH, TEMPORAL_TLS_KEY_PATH) or an API key, or TEMPORAL_ALLOW_PLAINTEXT=true to accept it',
    );
  }
  return problems;
}

/** The limits 0 turns off. */
export const RATE_LIMIT_SETTINGS = [
  'RATE_LIMIT_IPN_PER_MINUTE',
  'RATE_LIMIT_CHECKOUT_PER_MINUTE',
  'RATE_LIMIT_SIGN_IN_PER_MINUTE',
  'RATE_LIMIT_APP_PER_MINUTE',
] as const satisfies ReadonlyArray<keyof Config>;

/**
 * Whether the Temporal connection is encrypted, as platform/temporal/connection-options.ts decides: TLS
 * when TEMPORAL_TLS=true, or when a TLS file, a server name or an API key is set and TEMPORAL_TLS
 * is not false.
 */
export function temporalEncrypts(
  config: Pick<
    Config,
    | 'TEMPORAL_TLS'
    | 'TEMPORAL_TLS_CERT_PATH'
    | 'TEMPORAL_TLS_CA_PATH'
    | 'TEMPORAL_TLS_SERVER_NAME'
    | 'TEMPORAL_API_KEY'
  >,
): boolean {
  const details = Boolean(
    config.TEMPORAL_TLS_CERT_PATH ||
    config.TEMPORAL_TLS_CA_PATH ||
    config.TEMPORAL_TLS_SERVER_NAME ||
    config.TEMPORAL_API_KEY,
  );
  return config.TEMPORAL_TLS ?? details;
}
