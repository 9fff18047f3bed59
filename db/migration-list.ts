import { Migration20261122000000_initial } from './migrations/Migration20261122000000_initial.js';
import { Migration20261122100000_operators } from './migrations/Migration20261122100000_operators.js';
import { Migration20261123000000_resilience } from './migrations/Migration20261123000000_resilience.js';
import { Migration20261123010000_audit_guard } from './migrations/Migration20261123010000_audit_guard.js';
import { Migration20261123020000_webhook_secret_grace } from './migrations/Migration20261123020000_webhook_secret_grace.js';
import { Migration20261123030000_rate_limits } from './migrations/Migration20261123030000_rate_limits.js';
import { Migration20261124000000_payments_past_deadline } from './migrations/Migration20261124000000_payments_past_deadline.js';
import { Migration20261125000000_refunds } from './migrations/Migration20261125000000_refunds.js';
import { Migration20261126000000_refund_approval } from './migrations/Migration20261126000000_refund_approval.js';
import { Migration20261127000000_auditable_ledger } from './migrations/Migration20261127000000_auditable_ledger.js';
import { Migration20261128000000_refund_confirmation } from './migrations/Migration20261128000000_refund_confirmation.js';
import { Migration20261129000000_invoices } from './migrations/Migration20261129000000_invoices.js';
import { Migration20261130000000_customer_emails } from './migrations/Migration20261130000000_customer_emails.js';
import { Migration20261201000000_payment_orders } from './migrations/Migration20261201000000_payment_orders.js';
import { Migration20261201100000_payment_method } from './migrations/Migration20261201100000_payment_method.js';
import { Migration20261202000000_app_gateways } from './migrations/Migration20261202000000_app_gateways.js';
import { Migration20261202100000_gateway_choice } from './migrations/Migration20261202100000_gateway_choice.js';
import { Migration20261203000000_manual_receipts } from './migrations/Migration20261203000000_manual_receipts.js';
import { Migration20261204000000_refund_decisions } from './migrations/Migration20261204000000_refund_decisions.js';
import { Migration20261205000000_control_changes } from './migrations/Migration20261205000000_control_changes.js';
import { Migration20261206000000_operator_second_factor } from './migrations/Migration20261206000000_operator_second_factor.js';
import { Migration20261208000000_pruning } from './migrations/Migration20261208000000_pruning.js';
import { Migration20261208000100_unsigned_returns } from './migrations/Migration20261208000100_unsigned_returns.js';
import { Migration20261208000200_logo_and_pdf_store } from './migrations/Migration20261208000200_logo_and_pdf_store.js';
import { Migration20261212000000_callback_checks } from './migrations/Migration20261212000000_callback_checks.js';
import { Migration20261211000000_events_list_order } from './migrations/Migration20261211000000_events_list_order.js';
import { Migration20261210000000_attention_requests } from './migrations/Migration20261210000000_attention_requests.js';
import { Migration20261215000000_app_gateway_versions } from './migrations/Migration20261215000000_app_gateway_versions.js';
import { Migration20261216000000_checkout_failover } from './migrations/Migration20261216000000_checkout_failover.js';
import { Migration20261217000000_spaced_callback_checks } from './migrations/Migration20261217000000_spaced_callback_checks.js';
import { Migration20261218000000_settlement_ledger } from './migrations/Migration20261218000000_settlement_ledger.js';
import { Migration20261218010000_fee_schedules } from './migrations/Migration20261218010000_fee_schedules.js';
import { Migration20261219000000_settlement_lines } from './migrations/Migration20261219000000_settlement_lines.js';
import { Migration20261220000000_reconciliation } from './migrations/Migration20261220000000_reconciliation.js';
import { Migration20261220010000_reconciliation_lookups } from './migrations/Migration20261220010000_reconciliation_lookups.js';
import { Migration20261221000000_disputes } from './migrations/Migration20261221000000_disputes.js';
import { Migration20261224000000_recon_adjustment_claims } from './migrations/Migration20261224000000_recon_adjustment_claims.js';
import { Migration20261224010000_recon_refunds } from './migrations/Migration20261224010000_recon_refunds.js';
import { Migration20261226000000_dispute_fees } from './migrations/Migration20261226000000_dispute_fees.js';
import { Migration20261226000100_dispute_rechecks } from './migrations/Migration20261226000100_dispute_rechecks.js';
import { Migration20261226000200_parked_dispute_notices } from './migrations/Migration20261226000200_parked_dispute_notices.js';
import { Migration20261228000000_settlement_lines_day_order } from './migrations/Migration20261228000000_settlement_lines_day_order.js';
import { Migration20261229010000_app_rate_limits } from './migrations/Migration20261229010000_app_rate_limits.js';
import { Migration20261227000000_bank_statements } from './migrations/Migration20261227000000_bank_statements.js';
import { Migration20261229000000_payment_method_type } from './migrations/Migration20261229000000_payment_method_type.js';
import { Migration20261230000000_event_list } from './migrations/Migration20261230000000_event_list.js';
import { Migration20261231000000_webhook_endpoints } from './migrations/Migration20261231000000_webhook_endpoints.js';

/** Migrations are listed statically so they run the same under tsx, jest and a bundle. */
export const migrationsList = [
  { name: 'Migration20261122000000_initial', class: Migration20261122000000_initial },
  { name: 'Migration20261122100000_operators', class: Migration20261122100000_operators },
  { name: 'Migration20261123000000_resilience', class: Migration20261123000000_resilience },
  { name: 'Migration20261123010000_audit_guard', class: Migration20261123010000_audit_guard },
  {
    name: 'Migration20261123020000_webhook_secret_grace',
    class: Migration20261123020000_webhook_secret_grace,
  },
  { name: 'Migration20261123030000_rate_limits', class: Migration20261123030000_rate_limits },
  {
    name: 'Migration20261124000000_payments_past_deadline',
    class: Migration20261124000000_payments_past_deadline,
  },
  { name: 'Migration20261125000000_refunds', class: Migration20261125000000_refunds },
  { name: 'Migration20261126000000_refund_approval', class: Migration20261126000000_refund_approval },
  { name: 'Migration20261127000000_auditable_ledger', class: Migration20261127000000_auditable_ledger },
  { name: 'Migration20261128000000_refund_confirmation', class: Migration20261128000000_refund_confirmation },
  { name: 'Migration20261129000000_invoices', class: Migration20261129000000_invoices },
  { name: 'Migration20261130000000_customer_emails', class: Migration20261130000000_customer_emails },
  { name: 'Migration20261201000000_payment_orders', class: Migration20261201000000_payment_orders },
  { name: 'Migration20261201100000_payment_method', class: Migration20261201100000_payment_method },
  { name: 'Migration20261202000000_app_gateways', class: Migration20261202000000_app_gateways },
  { name: 'Migration20261202100000_gateway_choice', class: Migration20261202100000_gateway_choice },
  { name: 'Migration20261203000000_manual_receipts', class: Migration20261203000000_manual_receipts },
  { name: 'Migration20261204000000_refund_decisions', class: Migration20261204000000_refund_decisions },
  { name: 'Migration20261205000000_control_changes', class: Migration20261205000000_control_changes },
  {
    name: 'Migration20261206000000_operator_second_factor',
    class: Migration20261206000000_operator_second_factor,
  },
  { name: 'Migration20261208000000_pruning', class: Migration20261208000000_pruning },
  { name: 'Migration20261208000100_unsigned_returns', class: Migration20261208000100_unsigned_returns },
  { name: 'Migration20261208000200_logo_and_pdf_store', class: Migration20261208000200_logo_and_pdf_store },
  { name: 'Migration20261211000000_events_list_order', class: Migration20261211000000_events_list_order },
  { name: 'Migration20261210000000_attention_requests', class: Migration20261210000000_attention_requests },
  { name: 'Migration20261212000000_callback_checks', class: Migration20261212000000_callback_checks },
  {
    name: 'Migration20261215000000_app_gateway_versions',
    class: Migration20261215000000_app_gateway_versions,
  },
  { name: 'Migration20261216000000_checkout_failover', class: Migration20261216000000_checkout_failover },
  {
    name: 'Migration20261217000000_spaced_callback_checks',
    class: Migration20261217000000_spaced_callback_checks,
  },
  { name: 'Migration20261218000000_settlement_ledger', class: Migration20261218000000_settlement_ledger },
  { name: 'Migration20261218010000_fee_schedules', class: Migration20261218010000_fee_schedules },
  { name: 'Migration20261219000000_settlement_lines', class: Migration20261219000000_settlement_lines },
  { name: 'Migration20261220000000_reconciliation', class: Migration20261220000000_reconciliation },
  {
    name: 'Migration20261220010000_reconciliation_lookups',
    class: Migration20261220010000_reconciliation_lookups,
  },
  { name: 'Migration20261221000000_disputes', class: Migration20261221000000_disputes },
  {
    name: 'Migration20261224000000_recon_adjustment_claims',
    class: Migration20261224000000_recon_adjustment_claims,
  },
  { name: 'Migration20261224010000_recon_refunds', class: Migration20261224010000_recon_refunds },
  { name: 'Migration20261226000000_dispute_fees', class: Migration20261226000000_dispute_fees },
  { name: 'Migration20261226000100_dispute_rechecks', class: Migration20261226000100_dispute_rechecks },
  {
    name: 'Migration20261226000200_parked_dispute_notices',
    class: Migration20261226000200_parked_dispute_notices,
  },
  {
    name: 'Migration20261228000000_settlement_lines_day_order',
    class: Migration20261228000000_settlement_lines_day_order,
  },
  { name: 'Migration20261227000000_bank_statements', class: Migration20261227000000_bank_statements },
  {
    name: 'Migration20261229000000_payment_method_type',
    class: Migration20261229000000_payment_method_type,
  },
  { name: 'Migration20261229010000_app_rate_limits', class: Migration20261229010000_app_rate_limits },
  { name: 'Migration20261230000000_event_list', class: Migration20261230000000_event_list },
  { name: 'Migration20261231000000_webhook_endpoints', class: Migration20261231000000_webhook_endpoints },
];
