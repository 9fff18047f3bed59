import { Migration20261122000000_initial } from '../../db/migrations/Migration20261122000000_initial.js';
import { Migration20261122100000_operators } from '../../db/migrations/Migration20261122100000_operators.js';
import { Migration20261123000000_resilience } from '../../db/migrations/Migration20261123000000_resilience.js';
import { Migration20261123010000_audit_guard } from '../../db/migrations/Migration20261123010000_audit_guard.js';
import { Migration20261123020000_webhook_secret_grace } from '../../db/migrations/Migration20261123020000_webhook_secret_grace.js';
import { Migration20261123030000_rate_limits } from '../../db/migrations/Migration20261123030000_rate_limits.js';
import { Migration20261124000000_payments_past_deadline } from '../../db/migrations/Migration20261124000000_payments_past_deadline.js';
import { Migration20261125000000_refunds } from '../../db/migrations/Migration20261125000000_refunds.js';
import { Migration20261126000000_refund_approval } from '../../db/migrations/Migration20261126000000_refund_approval.js';
import { Migration20261127000000_auditable_ledger } from '../../db/migrations/Migration20261127000000_auditable_ledger.js';
import { Migration20261128000000_refund_confirmation } from '../../db/migrations/Migration20261128000000_refund_confirmation.js';
import { Migration20261129000000_invoices } from '../../db/migrations/Migration20261129000000_invoices.js';
import { Migration20261130000000_customer_emails } from '../../db/migrations/Migration20261130000000_customer_emails.js';
import { Migration20261201000000_payment_orders } from '../../db/migrations/Migration20261201000000_payment_orders.js';
import { Migration20261201100000_payment_method } from '../../db/migrations/Migration20261201100000_payment_method.js';
import { Migration20261202000000_app_gateways } from '../../db/migrations/Migration20261202000000_app_gateways.js';
import { Migration20261202100000_gateway_choice } from '../../db/migrations/Migration20261202100000_gateway_choice.js';
import { Migration20261203000000_manual_receipts } from '../../db/migrations/Migration20261203000000_manual_receipts.js';
import { Migration20261204000000_refund_decisions } from '../../db/migrations/Migration20261204000000_refund_decisions.js';
import { Migration20261205000000_control_changes } from '../../db/migrations/Migration20261205000000_control_changes.js';
import { Migration20261206000000_operator_second_factor } from '../../db/migrations/Migration20261206000000_operator_second_factor.js';
import { Migration20261208000000_pruning } from '../../db/migrations/Migration20261208000000_pruning.js';
import { Migration20261208000100_unsigned_returns } from '../../db/migrations/Migration20261208000100_unsigned_returns.js';
import { Migration20261208000200_logo_and_pdf_store } from '../../db/migrations/Migration20261208000200_logo_and_pdf_store.js';
import { Migration20261212000000_callback_checks } from '../../db/migrations/Migration20261212000000_callback_checks.js';
import { Migration20261211000000_events_list_order } from '../../db/migrations/Migration20261211000000_events_list_order.js';
import { Migration20261210000000_attention_requests } from '../../db/migrations/Migration20261210000000_attention_requests.js';
import { Migration20261215000000_app_gateway_versions } from '../../db/migrations/Migration20261215000000_app_gateway_versions.js';
import { Migration20261216000000_checkout_failover } from '../../db/migrations/Migration20261216000000_checkout_failover.js';
import { Migration20261217000000_spaced_callback_checks } from '../../db/migrations/Migration20261217000000_spaced_callback_checks.js';
import { Migration20261218000000_settlement_ledger } from '../../db/migrations/Migration20261218000000_settlement_ledger.js';
import { Migration20261218010000_fee_schedules } from '../../db/migrations/Migration20261218010000_fee_schedules.js';
import { Migration20261219000000_settlement_lines } from '../../db/migrations/Migration20261219000000_settlement_lines.js';
import { Migration20261220000000_reconciliation } from '../../db/migrations/Migration20261220000000_reconciliation.js';
import { Migration20261220010000_reconciliation_lookups } from '../../db/migrations/Migration20261220010000_reconciliation_lookups.js';
import { Migration20261221000000_disputes } from '../../db/migrations/Migration20261221000000_disputes.js';
import { Migration20261224000000_recon_adjustment_claims } from '../../db/migrations/Migration20261224000000_recon_adjustment_claims.js';
import { Migration20261224010000_recon_refunds } from '../../db/migrations/Migration20261224010000_recon_refunds.js';
import { Migration20261226000000_dispute_fees } from '../../db/migrations/Migration20261226000000_dispute_fees.js';
import { Migration20261226000100_dispute_rechecks } from '../../db/migrations/Migration20261226000100_dispute_rechecks.js';
import { Migration20261226000200_parked_dispute_notices } from '../../db/migrations/Migration20261226000200_parked_dispute_notices.js';
import { Migration20261228000000_settlement_lines_day_order } from '../../db/migrations/Migration20261228000000_settlement_lines_day_order.js';
import { Migration20261229010000_app_rate_limits } from '../../db/migrations/Migration20261229010000_app_rate_limits.js';
import { Migration20261227000000_bank_statements } from '../../db/migrations/Migration20261227000000_bank_statements.js';
import { Migration20261229000000_payment_method_type } from '../../db/migrations/Migration20261229000000_payment_method_type.js';
import { Migration20261230000000_event_list } from '../../db/migrations/Migration20261230000000_event_list.js';
import { Migration20261231000000_webhook_endpoints } from '../../db/migrations/Migration20261231000000_webhook_endpoints.js';
import { Migration20270104000000_file_uploads } from '../../db/migrations/Migration20270104000000_file_uploads.js';
import { Migration20270107000000_rejected_callbacks } from '../../db/migrations/Migration20270107000000_rejected_callbacks.js';
import { Migration20270107010000_webhook_failure_reasons } from '../../db/migrations/Migration20270107010000_webhook_failure_reasons.js';
import { Migration20270107020000_webhook_secrets_per_endpoint } from '../../db/migrations/Migration20270107020000_webhook_secrets_per_endpoint.js';
import { Migration20270102000000_refund_approval_rules } from '../../db/migrations/Migration20270102000000_refund_approval_rules.js';
import { Migration20270105000000_recon_second_operator } from '../../db/migrations/Migration20270105000000_recon_second_operator.js';
import { Migration20270103000000_refund_gateway_answers } from '../../db/migrations/Migration20270103000000_refund_gateway_answers.js';
import { Migration20270101000000_people_changes } from '../../db/migrations/Migration20270101000000_people_changes.js';
import { Migration20270108020000_oidc_step_up_proofs } from '../../db/migrations/Migration20270108020000_oidc_step_up_proofs.js';
import { Migration20270108040000_oidc_browser_binding } from '../../db/migrations/Migration20270108040000_oidc_browser_binding.js';
import { Migration20270115010000_request_log } from '../../db/migrations/Migration20270115010000_request_log.js';
import { Migration20270115020000_event_stream_positions } from '../../db/migrations/Migration20270115020000_event_stream_positions.js';
import { Migration20270201020000_gateway_health } from '../../db/migrations/Migration20270201020000_gateway_health.js';
import { Migration20270201030000_ledger_verify_runs } from '../../db/migrations/Migration20270201030000_ledger_verify_runs.js';
import { Migration20270202010000_payouts } from '../../db/migrations/Migration20270202010000_payouts.js';
import { Migration20270202010100_payout_ledger } from '../../db/migrations/Migration20270202010100_payout_ledger.js';
import { Migration20270202020000_credential_scopes } from '../../db/migrations/Migration20270202020000_credential_scopes.js';
import { Migration20270202020100_app_guardrails } from '../../db/migrations/Migration20270202020100_app_guardrails.js';
import { Migration20270202040000_payout_batches } from '../../db/migrations/Migration20270202040000_payout_batches.js';
import { Migration20270202030000_refund_rails } from '../../db/migrations/Migration20270202030000_refund_rails.js';
import { Migration20270202050000_payout_rail_switches } from '../../db/migrations/Migration20270202050000_payout_rail_switches.js';
import { Migration20270202060000_rail_statements } from '../../db/migrations/Migration20270202060000_rail_statements.js';
import { Migration20270202070000_payout_batch_uploads } from '../../db/migrations/Migration20270202070000_payout_batch_uploads.js';
import { Migration20270203010000_refund_window_answers } from '../../db/migrations/Migration20270203010000_refund_window_answers.js';
import { Migration20270203010100_ledger_verify_gate } from '../../db/migrations/Migration20270203010100_ledger_verify_gate.js';
import { Migration20270203020000_admins_ever } from '../../db/migrations/Migration20270203020000_admins_ever.js';
import { Migration20270203020100_webhook_no_reachable_address } from '../../db/migrations/Migration20270203020100_webhook_no_reachable_address.js';
import { Migration20270203060000_payout_workflow_started } from '../../db/migrations/Migration20270203060000_payout_workflow_started.js';
import { Migration20270203060100_payout_batch_workflow_started } from '../../db/migrations/Migration20270203060100_payout_batch_workflow_started.js';
import { Migration20270305010000_refund_destination_payer } from '../../db/migrations/Migration20270305010000_refund_destination_payer.js';
import { Migration20270307000100_payout_approval_rules } from '../../db/migrations/Migration20270307000100_payout_approval_rules.js';
import { Migration20270310000000_key_requests } from '../../db/migrations/Migration20270310000000_key_requests.js';
import { Migration20270311000000_people_enable_and_link } from '../../db/migrations/Migration20270311000000_people_enable_and_link.js';
import { Migration20270312000000_decided_evidence } from '../../db/migrations/Migration20270312000000_decided_evidence.js';
import { Migration20270313000000_approval_windows } from '../../db/migrations/Migration20270313000000_approval_windows.js';
import { Migration20270314000000_saved_views } from '../../db/migrations/Migration20270314000000_saved_views.js';
import { Migration20270314000100_search_indexes } from '../../db/migrations/Migration20270314000100_search_indexes.js';
import { Migration20270315000000_reports } from '../../db/migrations/Migration20270315000000_reports.js';
import { migrationNames } from './migration-names.js';

const migrationClasses = {
  Migration20261122000000_initial,
  Migration20261122100000_operators,
  Migration20261123000000_resilience,
  Migration20261123010000_audit_guard,
  Migration20261123020000_webhook_secret_grace,
  Migration20261123030000_rate_limits,
  Migration20261124000000_payments_past_deadline,
  Migration20261125000000_refunds,
  Migration20261126000000_refund_approval,
  Migration20261127000000_auditable_ledger,
  Migration20261128000000_refund_confirmation,
  Migration20261129000000_invoices,
  Migration20261130000000_customer_emails,
  Migration20261201000000_payment_orders,
  Migration20261201100000_payment_method,
  Migration20261202000000_app_gateways,
  Migration20261202100000_gateway_choice,
  Migration20261203000000_manual_receipts,
  Migration20261204000000_refund_decisions,
  Migration20261205000000_control_changes,
  Migration20261206000000_operator_second_factor,
  Migration20261208000000_pruning,
  Migration20261208000100_unsigned_returns,
  Migration20261208000200_logo_and_pdf_store,
  Migration20261211000000_events_list_order,
  Migration20261210000000_attention_requests,
  Migration20261212000000_callback_checks,
  Migration20261215000000_app_gateway_versions,
  Migration20261216000000_checkout_failover,
  Migration20261217000000_spaced_callback_checks,
  Migration20261218000000_settlement_ledger,
  Migration20261218010000_fee_schedules,
  Migration20261219000000_settlement_lines,
  Migration20261220000000_reconciliation,
  Migration20261220010000_reconciliation_lookups,
  Migration20261221000000_disputes,
  Migration20261224000000_recon_adjustment_claims,
  Migration20261224010000_recon_refunds,
  Migration20261226000000_dispute_fees,
  Migration20261226000100_dispute_rechecks,
  Migration20261226000200_parked_dispute_notices,
  Migration20261228000000_settlement_lines_day_order,
  Migration20261227000000_bank_statements,
  Migration20261229000000_payment_method_type,
  Migration20261229010000_app_rate_limits,
  Migration20261230000000_event_list,
  Migration20261231000000_webhook_endpoints,
  Migration20270104000000_file_uploads,
  Migration20270107000000_rejected_callbacks,
  Migration20270107010000_webhook_failure_reasons,
  Migration20270107020000_webhook_secrets_per_endpoint,
  Migration20270102000000_refund_approval_rules,
  Migration20270105000000_recon_second_operator,
  Migration20270103000000_refund_gateway_answers,
  Migration20270101000000_people_changes,
  Migration20270108020000_oidc_step_up_proofs,
  Migration20270108040000_oidc_browser_binding,
  Migration20270115010000_request_log,
  Migration20270115020000_event_stream_positions,
  Migration20270201020000_gateway_health,
  Migration20270201030000_ledger_verify_runs,
  Migration20270202010000_payouts,
  Migration20270202010100_payout_ledger,
  Migration20270202020000_credential_scopes,
  Migration20270202020100_app_guardrails,
  Migration20270202040000_payout_batches,
  Migration20270202030000_refund_rails,
  Migration20270202050000_payout_rail_switches,
  Migration20270202060000_rail_statements,
  Migration20270202070000_payout_batch_uploads,
  Migration20270203010000_refund_window_answers,
  Migration20270203010100_ledger_verify_gate,
  Migration20270203020000_admins_ever,
  Migration20270203020100_webhook_no_reachable_address,
  Migration20270203060000_payout_workflow_started,
  Migration20270203060100_payout_batch_workflow_started,
  Migration20270305010000_refund_destination_payer,
  Migration20270307000100_payout_approval_rules,
  Migration20270310000000_key_requests,
  Migration20270311000000_people_enable_and_link,
  Migration20270312000000_decided_evidence,
  Migration20270313000000_approval_windows,
  Migration20270314000000_saved_views,
  Migration20270314000100_search_indexes,
  Migration20270315000000_reports,
};

/**
 * Migrations are listed statically so they run the same under tsx, jest and a bundle, in the order
 * platform/orm/migration-names.ts gives; a name without its class (or a class without its name) fails here.
 */
export const migrationsList = migrationNames.map((name) => ({ name, class: migrationClasses[name] }));
if (Object.keys(migrationClasses).length !== migrationNames.length) {
  throw new Error(
    'platform/orm/migration-names.ts and platform/orm/migration-list.ts list different migrations',
  );
}
