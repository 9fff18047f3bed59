import type { Config, UploadSetting } from '../platform/config/index.js';
import type { ColumnOverrides } from '../domain/reconciliation/settlement-reports/layouts.js';
import type { Orm } from '../platform/orm/orm.js';
import type { Keyring } from '../platform/sealing/secret-box.js';
import type { GatewayRegistry } from '../gateways/registry.js';
import type { PayoutRailRegistry } from '../gateways/payouts/registry.js';
import type { Logger } from '../platform/config/logger.js';
import type { Metrics } from './metrics.js';
import type { Orchestrator } from './orchestrator.js';
import type { RequestLogWriter } from './apps/request-log-writer.js';
import type { EventStreamHub } from './webhooks/event-stream-hub.js';
import type { Readiness } from '../platform/health/readiness.js';

/** Everything the HTTP layer needs, built by the entry point and handed to the app factory. */
export interface ApiDeps {
  config: Pick<
    Config,
    | 'PUBLIC_URL'
    | 'DOCS_TEST_BASE_URL'
    | 'DOCS_LIVE_BASE_URL'
    | 'SERVICE_OWNER'
    | 'SERVICE_OWNER_CONTACT'
    | 'CREDENTIAL_PEPPER'
    | 'CREDENTIAL_PEPPER_PREVIOUS'
    | 'PAYMENT_DEFAULT_EXPIRY_MINUTES'
    | 'REFUND_APPROVAL_WINDOW_HOURS'
    | 'REFUND_APPROVAL_STEP_UP_ABOVE_MINOR'
    | 'MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR'
    | 'REFUND_APPROVAL_STEP_UP_ABOVE_MINOR_LIVE'
    | 'MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR_LIVE'
    | 'OPERATOR_SECOND_FACTOR'
    | 'TEMPORAL_NAMESPACE'
    | 'TRUSTED_PROXY_HOPS'
    | 'WEBHOOK_ALLOW_PRIVATE_NETWORKS'
    | 'WEBHOOK_ALLOWED_PRIVATE_TARGETS'
    | 'TRUSTED_PROXY_ADDRESSES'
    | 'RATE_LIMIT_IPN_PER_MINUTE'
    | 'RATE_LIMIT_CHECKOUT_PER_MINUTE'
    | 'RATE_LIMIT_SIGN_IN_PER_MINUTE'
    | 'RATE_LIMIT_APP_PER_MINUTE'
    | 'REQUEST_LOG_ENABLED'
    | 'METRICS_TOKEN'
    | 'OI_PAYMENTS_STACK'
    | 'EVENT_RETENTION_DAYS'
    | 'SMTP_URL'
    | 'EMAIL_FROM'
    | 'OPERATOR_BREAK_GLASS'
    | 'OPERATOR_CODE_FAILURES_MAX'
    | 'OPERATOR_CODE_LOCK_MINUTES'
    | 'OIDC_ISSUER_URL'
    | 'OIDC_CLIENT_ID'
    | 'OIDC_CLIENT_SECRET'
    | 'OIDC_REDIRECT_URL'
    | 'OIDC_SCOPES'
    | 'OIDC_GROUPS_CLAIM'
    | 'OIDC_ROLE_GROUPS'
    | 'OIDC_SECOND_FACTOR_AMR'
    | 'OIDC_SECOND_FACTOR_ACR'
    | 'OIDC_DISPLAY_NAME'
  > & {
    TEMPORAL_UI_URL?: string | undefined;
    /** The development mail catcher's API; the dashboard shows its inbox when set. */
    MAIL_CATCHER_URL?: string | undefined;
    /** The time zone the dashboard shows times in and whose midnight starts a business day (Asia/Dhaka when left out). */
    COMPANY_TIME_ZONE?: string | undefined;
    /** Settlement reports' column names per gateway, where they differ from the defaults. */
    SETTLEMENT_REPORT_COLUMNS?: ColumnOverrides | undefined;
    /** Set when the worker can sign in to SFTP servers: report schedules may then deliver there. */
    REPORT_SFTP_PRIVATE_KEY_FILE?: string | undefined;
  } & Partial<Pick<Config, UploadSetting>> &
    Partial<
      Pick<
        Config,
        | 'PAYOUT_CANCEL_WINDOW_SECONDS'
        | 'PAYOUT_APPROVAL_WINDOW_HOURS'
        | 'PAYOUT_QUEUE_RECHECK_SECONDS'
        | 'PAYOUT_DAILY_CEILING_MINOR'
      >
    >;
  orm: Orm;
  /** Seals and opens gateway credentials and webhook secrets (platform/sealing/sealing.ts). */
  keyring: Keyring;
  gateways: GatewayRegistry;
  /** The payout rails, configured service-wide per mode; from the process's environment when left out. */
  payoutRails?: PayoutRailRegistry;
  orchestrator: Orchestrator;
  logger: Logger;
  /**
   * Takes each app request's entry for the request log and writes them in batches; the entry
   * point builds it and flushes it on shutdown (api/apps/request-log-writer.ts).
   */
  requestLog: RequestLogWriter;
  /**
   * The open event streams, which the entry point ends at shutdown (one of its own when left out,
   * which nothing ends).
   */
  eventStreams?: EventStreamHub;
  /** What GET /health/ready answers from; the entry point drains it on SIGTERM. */
  readiness: Readiness;
  /** The time, injectable so tests can move it (grace windows, session expiry). */
  clock?: () => Date;
}

/** What route factories receive: the entry point's dependencies plus this app's metrics. */
export type RouteDeps = ApiDeps & { metrics: Metrics };

/** The time as the API sees it: the injected clock, else the machine's. */
export const currentTime = (deps: Pick<ApiDeps, 'clock'>): Date => (deps.clock ?? (() => new Date()))();
