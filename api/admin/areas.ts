import type Router from '@koa/router';
import type { RouteDeps } from '../deps.js';
import { accountPages } from './account/pages.js';
import { appsApi, appsPages } from './apps/index.js';
import { oversightApi, oversightPages } from './oversight/index.js';
import { paymentsApi, paymentsPages } from './payments/index.js';
import { refundsApi, refundsPages } from './refunds/index.js';
import { payoutsApi, payoutsPages } from './payouts/index.js';
import { payoutBatchesApi, payoutBatchesPages } from './payout-batches/index.js';
import { invoicesApi, invoicesPages } from './invoices/index.js';
import { attentionApi, attentionPages } from './attention/index.js';
import { ledgerApi, ledgerPages } from './ledger/index.js';
import { feesApi, feesPages } from './fees/index.js';
import { emailsApi, emailsPages } from './emails/index.js';
import { gatewaysApi, gatewaysPages } from './gateways/index.js';
import { receiptsApi, receiptsPages } from './receipts/index.js';
import { controlsApi, controlsPages } from './controls/index.js';
import { exportsApi, exportsPages } from './exports/index.js';
import { reportsApi, reportsPages } from './reports/index.js';
import { settlementsApi, settlementsPages } from './settlements/index.js';
import { reconciliationActionsApi } from './reconciliation-actions/index.js';
import { reconciliationApi, reconciliationPages } from './reconciliation/index.js';
import { requestLogApi, requestLogPages } from './request-log/index.js';
import { gatewayHealthApi, gatewayHealthPages } from './gateway-health/index.js';
import { approvalsApi, approvalsPages } from './approvals/index.js';
import { savedViewsApi, savedViewsPages } from './saved-views/index.js';
import { searchApi, searchPages } from './search/index.js';
import type { DashboardArea } from './pages/index.js';

/**
 * The admin areas: apps and credentials; each app's gateways; payments and webhook deliveries; receipts of money paid outside a gateway; refunds and their
 * approval; money out (the rails' balances, switches and queues, payouts waiting for approval); payout batches uploaded as files, their approval and cancel window; each app's controls and the proposals to loosen them; invoices; flagged payments (attention); the ledger; gateway fees and settlement bank accounts; settlement reports; customers' emails; oversight (overview, audit log, operators); CSV exports; reports and their schedules; settlement reconciliation; apps' request log; gateway health and maintenance windows; saved views of every list, and the one search box. Each has JSON routes (under /api/v1/admin) and pages (under /admin).
 */
export const adminApiAreas: Array<(deps: RouteDeps) => Router> = [
  appsApi,
  gatewaysApi,
  paymentsApi,
  receiptsApi,
  refundsApi,
  payoutsApi,
  payoutBatchesApi,
  controlsApi,
  invoicesApi,
  attentionApi,
  ledgerApi,
  settlementsApi,
  feesApi,
  emailsApi,
  oversightApi,
  exportsApi,
  reportsApi,
  reconciliationActionsApi,
  reconciliationApi,
  requestLogApi,
  gatewayHealthApi,
  approvalsApi,
  savedViewsApi,
  searchApi,
];
export const dashboardAreas: DashboardArea[] = [
  accountPages,
  oversightPages,
  appsPages,
  gatewaysPages,
  paymentsPages,
  receiptsPages,
  refundsPages,
  payoutsPages,
  payoutBatchesPages,
  controlsPages,
  invoicesPages,
  attentionPages,
  ledgerPages,
  settlementsPages,
  feesPages,
  emailsPages,
  exportsPages,
  reportsPages,
  reconciliationPages,
  requestLogPages,
  gatewayHealthPages,
  approvalsPages,
  savedViewsPages,
  searchPages,
];
