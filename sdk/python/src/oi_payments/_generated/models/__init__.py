"""Contains all the data models used in inputs/outputs"""

from .app_me import AppMe
from .app_me_mode import AppMeMode
from .beneficiary_type_0 import BeneficiaryType0
from .beneficiary_type_1 import BeneficiaryType1
from .beneficiary_type_2 import BeneficiaryType2
from .beneficiary_type_2_method import BeneficiaryType2Method
from .cancel_payout import CancelPayout
from .cancel_payout_batch_response_200 import CancelPayoutBatchResponse200
from .cancel_payout_response_200 import CancelPayoutResponse200
from .create_invoice import CreateInvoice
from .create_invoice_currency import CreateInvoiceCurrency
from .create_invoice_customer import CreateInvoiceCustomer
from .create_invoice_installment_plan_type_0 import CreateInvoiceInstallmentPlanType0
from .create_invoice_installment_plan_type_0_interval import (
    CreateInvoiceInstallmentPlanType0Interval,
)
from .create_invoice_installment_plan_type_1 import CreateInvoiceInstallmentPlanType1
from .create_invoice_installment_plan_type_1_schedule_item import (
    CreateInvoiceInstallmentPlanType1ScheduleItem,
)
from .create_invoice_lines_item import CreateInvoiceLinesItem
from .create_invoice_lines_item_discount_type_0 import (
    CreateInvoiceLinesItemDiscountType0,
)
from .create_invoice_lines_item_discount_type_1 import (
    CreateInvoiceLinesItemDiscountType1,
)
from .create_invoice_metadata import CreateInvoiceMetadata
from .create_invoice_response_201 import CreateInvoiceResponse201
from .create_payment import CreatePayment
from .create_payment_currency import CreatePaymentCurrency
from .create_payment_gateway import CreatePaymentGateway
from .create_payment_metadata import CreatePaymentMetadata
from .create_payment_response_201 import CreatePaymentResponse201
from .create_payout import CreatePayout
from .create_payout_batch import CreatePayoutBatch
from .create_payout_batch_line import CreatePayoutBatchLine
from .create_payout_batch_line_metadata import CreatePayoutBatchLineMetadata
from .create_payout_batch_response_201 import CreatePayoutBatchResponse201
from .create_payout_metadata import CreatePayoutMetadata
from .create_payout_response_201 import CreatePayoutResponse201
from .create_refund import CreateRefund
from .create_refund_metadata import CreateRefundMetadata
from .create_refund_response_201 import CreateRefundResponse201
from .create_report_run import CreateReportRun
from .create_report_run_format import CreateReportRunFormat
from .create_report_run_response_201 import CreateReportRunResponse201
from .create_report_run_type import CreateReportRunType
from .create_webhook_endpoint import CreateWebhookEndpoint
from .create_webhook_endpoint_enabled_events_item import (
    CreateWebhookEndpointEnabledEventsItem,
)
from .create_webhook_endpoint_response_201 import CreateWebhookEndpointResponse201
from .delete_webhook_endpoint_response_200 import DeleteWebhookEndpointResponse200
from .delete_webhook_endpoint_response_200_data import (
    DeleteWebhookEndpointResponse200Data,
)
from .dispute import Dispute
from .dispute_created import DisputeCreated
from .dispute_created_delivery_status import DisputeCreatedDeliveryStatus
from .dispute_lost import DisputeLost
from .dispute_lost_delivery_status import DisputeLostDeliveryStatus
from .dispute_mode import DisputeMode
from .dispute_status import DisputeStatus
from .dispute_won import DisputeWon
from .dispute_won_delivery_status import DisputeWonDeliveryStatus
from .endpoint_attempt import EndpointAttempt
from .endpoint_attempt_event_type import EndpointAttemptEventType
from .endpoint_attempt_failure_reason_type_1 import EndpointAttemptFailureReasonType1
from .endpoint_attempt_failure_reason_type_2_type_1 import (
    EndpointAttemptFailureReasonType2Type1,
)
from .endpoint_attempt_failure_reason_type_3_type_1 import (
    EndpointAttemptFailureReasonType3Type1,
)
from .error_envelope import ErrorEnvelope
from .error_meta_type_0_details_item import ErrorMetaType0DetailsItem
from .error_meta_type_0_error_code import ErrorMetaType0ErrorCode
from .error_meta_type_1_details import ErrorMetaType1Details
from .error_meta_type_1_error_code import ErrorMetaType1ErrorCode
from .error_meta_type_2_details import ErrorMetaType2Details
from .error_meta_type_2_details_status import ErrorMetaType2DetailsStatus
from .error_meta_type_2_error_code import ErrorMetaType2ErrorCode
from .error_meta_type_3_details import ErrorMetaType3Details
from .error_meta_type_3_error_code import ErrorMetaType3ErrorCode
from .error_meta_type_4_details import ErrorMetaType4Details
from .error_meta_type_4_details_mode import ErrorMetaType4DetailsMode
from .error_meta_type_4_error_code import ErrorMetaType4ErrorCode
from .error_meta_type_5_details_lines_item import ErrorMetaType5DetailsLinesItem
from .error_meta_type_5_details_lines_item_error_code import (
    ErrorMetaType5DetailsLinesItemErrorCode,
)
from .error_meta_type_5_error_code import ErrorMetaType5ErrorCode
from .error_meta_type_6_details import ErrorMetaType6Details
from .error_meta_type_6_error_code import ErrorMetaType6ErrorCode
from .error_meta_type_7_details import ErrorMetaType7Details
from .error_meta_type_7_details_mode import ErrorMetaType7DetailsMode
from .error_meta_type_7_error_code import ErrorMetaType7ErrorCode
from .error_meta_type_8_details import ErrorMetaType8Details
from .error_meta_type_8_error_code import ErrorMetaType8ErrorCode
from .error_meta_type_9_details import ErrorMetaType9Details
from .error_meta_type_9_error_code import ErrorMetaType9ErrorCode
from .error_meta_type_10_details import ErrorMetaType10Details
from .error_meta_type_10_error_code import ErrorMetaType10ErrorCode
from .error_meta_type_11_details import ErrorMetaType11Details
from .error_meta_type_11_error_code import ErrorMetaType11ErrorCode
from .error_meta_type_12_details import ErrorMetaType12Details
from .error_meta_type_12_error_code import ErrorMetaType12ErrorCode
from .error_meta_type_13_details import ErrorMetaType13Details
from .error_meta_type_13_details_required_scope_type_1 import (
    ErrorMetaType13DetailsRequiredScopeType1,
)
from .error_meta_type_13_details_required_scope_type_2_type_1 import (
    ErrorMetaType13DetailsRequiredScopeType2Type1,
)
from .error_meta_type_13_details_required_scope_type_3_type_1 import (
    ErrorMetaType13DetailsRequiredScopeType3Type1,
)
from .error_meta_type_13_error_code import ErrorMetaType13ErrorCode
from .error_meta_type_14_details import ErrorMetaType14Details
from .error_meta_type_14_details_kind import ErrorMetaType14DetailsKind
from .error_meta_type_14_details_limit import ErrorMetaType14DetailsLimit
from .error_meta_type_14_error_code import ErrorMetaType14ErrorCode
from .error_meta_type_15_details import ErrorMetaType15Details
from .error_meta_type_15_error_code import ErrorMetaType15ErrorCode
from .error_meta_type_16_details import ErrorMetaType16Details
from .error_meta_type_16_details_method import ErrorMetaType16DetailsMethod
from .error_meta_type_16_error_code import ErrorMetaType16ErrorCode
from .error_meta_type_17_details import ErrorMetaType17Details
from .error_meta_type_17_error_code import ErrorMetaType17ErrorCode
from .error_meta_type_18_details_checks import ErrorMetaType18DetailsChecks
from .error_meta_type_18_details_status import ErrorMetaType18DetailsStatus
from .error_meta_type_18_error_code import ErrorMetaType18ErrorCode
from .error_meta_type_19_details import ErrorMetaType19Details
from .error_meta_type_19_details_mode import ErrorMetaType19DetailsMode
from .error_meta_type_19_error_code import ErrorMetaType19ErrorCode
from .error_meta_type_20 import ErrorMetaType20
from .error_meta_type_20_error_code import ErrorMetaType20ErrorCode
from .gateway_health_change import GatewayHealthChange
from .gateway_health_change_gateway import GatewayHealthChangeGateway
from .gateway_health_change_mode import GatewayHealthChangeMode
from .gateway_health_change_previous_status import GatewayHealthChangePreviousStatus
from .gateway_health_change_status import GatewayHealthChangeStatus
from .gateway_health_changed import GatewayHealthChanged
from .gateway_health_changed_delivery_status import GatewayHealthChangedDeliveryStatus
from .gateway_health_window import GatewayHealthWindow
from .gateway_maintenance_notice import GatewayMaintenanceNotice
from .gateway_status import GatewayStatus
from .gateway_status_gateways_item import GatewayStatusGatewaysItem
from .gateway_status_gateways_item_gateway import GatewayStatusGatewaysItemGateway
from .gateway_status_gateways_item_mode import GatewayStatusGatewaysItemMode
from .gateway_status_gateways_item_status import GatewayStatusGatewaysItemStatus
from .gateway_status_maintenance_item import GatewayStatusMaintenanceItem
from .gateway_status_maintenance_item_gateway import GatewayStatusMaintenanceItemGateway
from .gateway_status_maintenance_item_mode import GatewayStatusMaintenanceItemMode
from .gateway_status_recent_changes_item import GatewayStatusRecentChangesItem
from .gateway_status_recent_changes_item_gateway import (
    GatewayStatusRecentChangesItemGateway,
)
from .gateway_status_recent_changes_item_mode import GatewayStatusRecentChangesItemMode
from .gateway_status_recent_changes_item_previous_status import (
    GatewayStatusRecentChangesItemPreviousStatus,
)
from .gateway_status_recent_changes_item_status import (
    GatewayStatusRecentChangesItemStatus,
)
from .get_app_me_response_200 import GetAppMeResponse200
from .get_event_response_200 import GetEventResponse200
from .get_gateway_status_response_200 import GetGatewayStatusResponse200
from .get_invoice_response_200 import GetInvoiceResponse200
from .get_ledger_balance_response_200 import GetLedgerBalanceResponse200
from .get_payment_response_200 import GetPaymentResponse200
from .get_payout_batch_response_200 import GetPayoutBatchResponse200
from .get_payout_response_200 import GetPayoutResponse200
from .get_receipt_response_200 import GetReceiptResponse200
from .get_refund_response_200 import GetRefundResponse200
from .get_report_run_file_format import GetReportRunFileFormat
from .get_report_run_response_200 import GetReportRunResponse200
from .get_report_run_rows_response_200 import GetReportRunRowsResponse200
from .get_request_log_entry_response_200 import GetRequestLogEntryResponse200
from .get_webhook_endpoint_response_200 import GetWebhookEndpointResponse200
from .invoice import Invoice
from .invoice_customer import InvoiceCustomer
from .invoice_due_now_type_1 import InvoiceDueNowType1
from .invoice_installment_due import InvoiceInstallmentDue
from .invoice_installment_due_delivery_status import InvoiceInstallmentDueDeliveryStatus
from .invoice_installment_event import InvoiceInstallmentEvent
from .invoice_installment_event_customer import InvoiceInstallmentEventCustomer
from .invoice_installment_event_due_now_type_1 import InvoiceInstallmentEventDueNowType1
from .invoice_installment_event_installment import InvoiceInstallmentEventInstallment
from .invoice_installment_event_installment_plan_type_1_type_0 import (
    InvoiceInstallmentEventInstallmentPlanType1Type0,
)
from .invoice_installment_event_installment_plan_type_1_type_0_interval import (
    InvoiceInstallmentEventInstallmentPlanType1Type0Interval,
)
from .invoice_installment_event_installment_plan_type_1_type_1 import (
    InvoiceInstallmentEventInstallmentPlanType1Type1,
)
from .invoice_installment_event_installment_plan_type_1_type_1_schedule_item import (
    InvoiceInstallmentEventInstallmentPlanType1Type1ScheduleItem,
)
from .invoice_installment_event_installment_state import (
    InvoiceInstallmentEventInstallmentState,
)
from .invoice_installment_event_installments_item import (
    InvoiceInstallmentEventInstallmentsItem,
)
from .invoice_installment_event_installments_item_state import (
    InvoiceInstallmentEventInstallmentsItemState,
)
from .invoice_installment_event_lines_item import InvoiceInstallmentEventLinesItem
from .invoice_installment_event_lines_item_discount_type_1_type_0 import (
    InvoiceInstallmentEventLinesItemDiscountType1Type0,
)
from .invoice_installment_event_lines_item_discount_type_1_type_1 import (
    InvoiceInstallmentEventLinesItemDiscountType1Type1,
)
from .invoice_installment_event_metadata import InvoiceInstallmentEventMetadata
from .invoice_installment_event_mode import InvoiceInstallmentEventMode
from .invoice_installment_event_overdue_type_1 import (
    InvoiceInstallmentEventOverdueType1,
)
from .invoice_installment_event_status import InvoiceInstallmentEventStatus
from .invoice_installment_event_totals import InvoiceInstallmentEventTotals
from .invoice_installment_overdue import InvoiceInstallmentOverdue
from .invoice_installment_overdue_delivery_status import (
    InvoiceInstallmentOverdueDeliveryStatus,
)
from .invoice_installment_plan_type_1_type_0 import InvoiceInstallmentPlanType1Type0
from .invoice_installment_plan_type_1_type_0_interval import (
    InvoiceInstallmentPlanType1Type0Interval,
)
from .invoice_installment_plan_type_1_type_1 import InvoiceInstallmentPlanType1Type1
from .invoice_installment_plan_type_1_type_1_schedule_item import (
    InvoiceInstallmentPlanType1Type1ScheduleItem,
)
from .invoice_installments_item import InvoiceInstallmentsItem
from .invoice_installments_item_state import InvoiceInstallmentsItemState
from .invoice_issued import InvoiceIssued
from .invoice_issued_delivery_status import InvoiceIssuedDeliveryStatus
from .invoice_lines_item import InvoiceLinesItem
from .invoice_lines_item_discount_type_1_type_0 import (
    InvoiceLinesItemDiscountType1Type0,
)
from .invoice_lines_item_discount_type_1_type_1 import (
    InvoiceLinesItemDiscountType1Type1,
)
from .invoice_metadata import InvoiceMetadata
from .invoice_mode import InvoiceMode
from .invoice_overdue_type_1 import InvoiceOverdueType1
from .invoice_paid import InvoicePaid
from .invoice_paid_delivery_status import InvoicePaidDeliveryStatus
from .invoice_partially_paid import InvoicePartiallyPaid
from .invoice_partially_paid_delivery_status import InvoicePartiallyPaidDeliveryStatus
from .invoice_payment_event import InvoicePaymentEvent
from .invoice_payment_event_customer import InvoicePaymentEventCustomer
from .invoice_payment_event_due_now_type_1 import InvoicePaymentEventDueNowType1
from .invoice_payment_event_installment_plan_type_1_type_0 import (
    InvoicePaymentEventInstallmentPlanType1Type0,
)
from .invoice_payment_event_installment_plan_type_1_type_0_interval import (
    InvoicePaymentEventInstallmentPlanType1Type0Interval,
)
from .invoice_payment_event_installment_plan_type_1_type_1 import (
    InvoicePaymentEventInstallmentPlanType1Type1,
)
from .invoice_payment_event_installment_plan_type_1_type_1_schedule_item import (
    InvoicePaymentEventInstallmentPlanType1Type1ScheduleItem,
)
from .invoice_payment_event_installments_item import InvoicePaymentEventInstallmentsItem
from .invoice_payment_event_installments_item_state import (
    InvoicePaymentEventInstallmentsItemState,
)
from .invoice_payment_event_lines_item import InvoicePaymentEventLinesItem
from .invoice_payment_event_lines_item_discount_type_1_type_0 import (
    InvoicePaymentEventLinesItemDiscountType1Type0,
)
from .invoice_payment_event_lines_item_discount_type_1_type_1 import (
    InvoicePaymentEventLinesItemDiscountType1Type1,
)
from .invoice_payment_event_metadata import InvoicePaymentEventMetadata
from .invoice_payment_event_mode import InvoicePaymentEventMode
from .invoice_payment_event_overdue_type_1 import InvoicePaymentEventOverdueType1
from .invoice_payment_event_payment import InvoicePaymentEventPayment
from .invoice_payment_event_status import InvoicePaymentEventStatus
from .invoice_payment_event_totals import InvoicePaymentEventTotals
from .invoice_status import InvoiceStatus
from .invoice_totals import InvoiceTotals
from .invoice_voided import InvoiceVoided
from .invoice_voided_delivery_status import InvoiceVoidedDeliveryStatus
from .issue_invoice import IssueInvoice
from .issue_invoice_response_200 import IssueInvoiceResponse200
from .ledger_balance import LedgerBalance
from .ledger_balance_balances_item import LedgerBalanceBalancesItem
from .ledger_balance_mode import LedgerBalanceMode
from .list_events_response_200 import ListEventsResponse200
from .list_events_response_200_data import ListEventsResponse200Data
from .list_invoices_overdue import ListInvoicesOverdue
from .list_invoices_response_200 import ListInvoicesResponse200
from .list_invoices_response_200_data import ListInvoicesResponse200Data
from .list_payment_refunds_response_200 import ListPaymentRefundsResponse200
from .list_payment_refunds_response_200_data import ListPaymentRefundsResponse200Data
from .list_payments_payment_method_type import ListPaymentsPaymentMethodType
from .list_payments_response_200 import ListPaymentsResponse200
from .list_payments_response_200_data import ListPaymentsResponse200Data
from .list_payout_batch_lines_response_200 import ListPayoutBatchLinesResponse200
from .list_payout_batch_lines_response_200_data import (
    ListPayoutBatchLinesResponse200Data,
)
from .list_payouts_rail import ListPayoutsRail
from .list_payouts_response_200 import ListPayoutsResponse200
from .list_payouts_response_200_data import ListPayoutsResponse200Data
from .list_refunds_response_200 import ListRefundsResponse200
from .list_refunds_response_200_data import ListRefundsResponse200Data
from .list_report_runs_response_200 import ListReportRunsResponse200
from .list_report_runs_response_200_data import ListReportRunsResponse200Data
from .list_report_runs_type import ListReportRunsType
from .list_request_log_method import ListRequestLogMethod
from .list_request_log_response_200 import ListRequestLogResponse200
from .list_request_log_response_200_data import ListRequestLogResponse200Data
from .list_webhook_attempts_response_200 import ListWebhookAttemptsResponse200
from .list_webhook_attempts_response_200_data import ListWebhookAttemptsResponse200Data
from .list_webhook_endpoints_response_200 import ListWebhookEndpointsResponse200
from .list_webhook_endpoints_response_200_data import (
    ListWebhookEndpointsResponse200Data,
)
from .meta import Meta
from .pagination import Pagination
from .payment import Payment
from .payment_cancelled import PaymentCancelled
from .payment_cancelled_delivery_status import PaymentCancelledDeliveryStatus
from .payment_expired import PaymentExpired
from .payment_expired_delivery_status import PaymentExpiredDeliveryStatus
from .payment_failed import PaymentFailed
from .payment_failed_delivery_status import PaymentFailedDeliveryStatus
from .payment_metadata import PaymentMetadata
from .payment_mode import PaymentMode
from .payment_partially_refunded import PaymentPartiallyRefunded
from .payment_partially_refunded_delivery_status import (
    PaymentPartiallyRefundedDeliveryStatus,
)
from .payment_payment_method_type_type_1 import PaymentPaymentMethodTypeType1
from .payment_payment_method_type_type_2_type_1 import (
    PaymentPaymentMethodTypeType2Type1,
)
from .payment_payment_method_type_type_3_type_1 import (
    PaymentPaymentMethodTypeType3Type1,
)
from .payment_refunded import PaymentRefunded
from .payment_refunded_delivery_status import PaymentRefundedDeliveryStatus
from .payment_status import PaymentStatus
from .payment_succeeded import PaymentSucceeded
from .payment_succeeded_delivery_status import PaymentSucceededDeliveryStatus
from .payment_with_refunds import PaymentWithRefunds
from .payment_with_refunds_metadata import PaymentWithRefundsMetadata
from .payment_with_refunds_mode import PaymentWithRefundsMode
from .payment_with_refunds_payment_method_type_type_1 import (
    PaymentWithRefundsPaymentMethodTypeType1,
)
from .payment_with_refunds_payment_method_type_type_2_type_1 import (
    PaymentWithRefundsPaymentMethodTypeType2Type1,
)
from .payment_with_refunds_payment_method_type_type_3_type_1 import (
    PaymentWithRefundsPaymentMethodTypeType3Type1,
)
from .payment_with_refunds_status import PaymentWithRefundsStatus
from .payout import Payout
from .payout_batch import PayoutBatch
from .payout_batch_completed import PayoutBatchCompleted
from .payout_batch_completed_delivery_status import PayoutBatchCompletedDeliveryStatus
from .payout_batch_created import PayoutBatchCreated
from .payout_batch_created_delivery_status import PayoutBatchCreatedDeliveryStatus
from .payout_batch_line import PayoutBatchLine
from .payout_batch_line_beneficiary import PayoutBatchLineBeneficiary
from .payout_batch_line_metadata import PayoutBatchLineMetadata
from .payout_batch_line_rail import PayoutBatchLineRail
from .payout_batch_line_status import PayoutBatchLineStatus
from .payout_batch_progress_item import PayoutBatchProgressItem
from .payout_batch_progress_item_status import PayoutBatchProgressItemStatus
from .payout_batch_source import PayoutBatchSource
from .payout_batch_status import PayoutBatchStatus
from .payout_beneficiary import PayoutBeneficiary
from .payout_beneficiary_check_type_0 import PayoutBeneficiaryCheckType0
from .payout_beneficiary_type import PayoutBeneficiaryType
from .payout_cancelled import PayoutCancelled
from .payout_cancelled_delivery_status import PayoutCancelledDeliveryStatus
from .payout_created import PayoutCreated
from .payout_created_delivery_status import PayoutCreatedDeliveryStatus
from .payout_failed import PayoutFailed
from .payout_failed_delivery_status import PayoutFailedDeliveryStatus
from .payout_metadata import PayoutMetadata
from .payout_rail import PayoutRail
from .payout_returned import PayoutReturned
from .payout_returned_delivery_status import PayoutReturnedDeliveryStatus
from .payout_status import PayoutStatus
from .payout_status_summary_item import PayoutStatusSummaryItem
from .payout_status_summary_item_status import PayoutStatusSummaryItemStatus
from .payout_succeeded import PayoutSucceeded
from .payout_succeeded_delivery_status import PayoutSucceededDeliveryStatus
from .readiness_check import ReadinessCheck
from .readiness_check_status import ReadinessCheckStatus
from .receipt import Receipt
from .receipt_status import ReceiptStatus
from .recover_webhook_endpoint import RecoverWebhookEndpoint
from .recover_webhook_endpoint_response_202 import RecoverWebhookEndpointResponse202
from .refund import Refund
from .refund_approval_required import RefundApprovalRequired
from .refund_approval_required_delivery_status import (
    RefundApprovalRequiredDeliveryStatus,
)
from .refund_approved import RefundApproved
from .refund_approved_delivery_status import RefundApprovedDeliveryStatus
from .refund_created import RefundCreated
from .refund_created_delivery_status import RefundCreatedDeliveryStatus
from .refund_destination_type_0 import RefundDestinationType0
from .refund_destination_type_0_type import RefundDestinationType0Type
from .refund_expected_arrival import RefundExpectedArrival
from .refund_expected_arrival_window import RefundExpectedArrivalWindow
from .refund_expired import RefundExpired
from .refund_expired_delivery_status import RefundExpiredDeliveryStatus
from .refund_failed import RefundFailed
from .refund_failed_delivery_status import RefundFailedDeliveryStatus
from .refund_funds import RefundFunds
from .refund_metadata import RefundMetadata
from .refund_mode import RefundMode
from .refund_rejected import RefundRejected
from .refund_rejected_delivery_status import RefundRejectedDeliveryStatus
from .refund_route import RefundRoute
from .refund_status import RefundStatus
from .refund_succeeded import RefundSucceeded
from .refund_succeeded_delivery_status import RefundSucceededDeliveryStatus
from .report_rows import ReportRows
from .report_rows_rows_item import ReportRowsRowsItem
from .report_run import ReportRun
from .report_run_delivery import ReportRunDelivery
from .report_run_delivery_status import ReportRunDeliveryStatus
from .report_run_filters import ReportRunFilters
from .report_run_format import ReportRunFormat
from .report_run_mode import ReportRunMode
from .report_run_type import ReportRunType
from .request_log_entry import RequestLogEntry
from .request_log_entry_mode import RequestLogEntryMode
from .rotate_webhook_endpoint_secret_response_200 import (
    RotateWebhookEndpointSecretResponse200,
)
from .status_summary_item import StatusSummaryItem
from .status_summary_item_status import StatusSummaryItemStatus
from .stream_events_response_200 import StreamEventsResponse200
from .update_invoice import UpdateInvoice
from .update_invoice_currency import UpdateInvoiceCurrency
from .update_invoice_customer import UpdateInvoiceCustomer
from .update_invoice_installment_plan_type_0_type_0 import (
    UpdateInvoiceInstallmentPlanType0Type0,
)
from .update_invoice_installment_plan_type_0_type_0_interval import (
    UpdateInvoiceInstallmentPlanType0Type0Interval,
)
from .update_invoice_installment_plan_type_0_type_1 import (
    UpdateInvoiceInstallmentPlanType0Type1,
)
from .update_invoice_installment_plan_type_0_type_1_schedule_item import (
    UpdateInvoiceInstallmentPlanType0Type1ScheduleItem,
)
from .update_invoice_lines_item import UpdateInvoiceLinesItem
from .update_invoice_lines_item_discount_type_0 import (
    UpdateInvoiceLinesItemDiscountType0,
)
from .update_invoice_lines_item_discount_type_1 import (
    UpdateInvoiceLinesItemDiscountType1,
)
from .update_invoice_metadata import UpdateInvoiceMetadata
from .update_invoice_response_200 import UpdateInvoiceResponse200
from .update_webhook_endpoint import UpdateWebhookEndpoint
from .update_webhook_endpoint_enabled_events_item import (
    UpdateWebhookEndpointEnabledEventsItem,
)
from .update_webhook_endpoint_response_200 import UpdateWebhookEndpointResponse200
from .void_invoice import VoidInvoice
from .void_invoice_response_200 import VoidInvoiceResponse200
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_enabled_events_item import WebhookEndpointEnabledEventsItem
from .webhook_endpoint_mode import WebhookEndpointMode
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
from .webhook_endpoint_with_secret_enabled_events_item import (
    WebhookEndpointWithSecretEnabledEventsItem,
)
from .webhook_endpoint_with_secret_mode import WebhookEndpointWithSecretMode
from .webhook_ping import WebhookPing
from .webhook_ping_data import WebhookPingData
from .webhook_ping_data_mode import WebhookPingDataMode
from .webhook_ping_delivery_status import WebhookPingDeliveryStatus
from .webhook_recover import WebhookRecover

__all__ = (
    "AppMe",
    "AppMeMode",
    "BeneficiaryType0",
    "BeneficiaryType1",
    "BeneficiaryType2",
    "BeneficiaryType2Method",
    "CancelPayout",
    "CancelPayoutBatchResponse200",
    "CancelPayoutResponse200",
    "CreateInvoice",
    "CreateInvoiceCurrency",
    "CreateInvoiceCustomer",
    "CreateInvoiceInstallmentPlanType0",
    "CreateInvoiceInstallmentPlanType0Interval",
    "CreateInvoiceInstallmentPlanType1",
    "CreateInvoiceInstallmentPlanType1ScheduleItem",
    "CreateInvoiceLinesItem",
    "CreateInvoiceLinesItemDiscountType0",
    "CreateInvoiceLinesItemDiscountType1",
    "CreateInvoiceMetadata",
    "CreateInvoiceResponse201",
    "CreatePayment",
    "CreatePaymentCurrency",
    "CreatePaymentGateway",
    "CreatePaymentMetadata",
    "CreatePaymentResponse201",
    "CreatePayout",
    "CreatePayoutBatch",
    "CreatePayoutBatchLine",
    "CreatePayoutBatchLineMetadata",
    "CreatePayoutBatchResponse201",
    "CreatePayoutMetadata",
    "CreatePayoutResponse201",
    "CreateRefund",
    "CreateRefundMetadata",
    "CreateRefundResponse201",
    "CreateReportRun",
    "CreateReportRunFormat",
    "CreateReportRunResponse201",
    "CreateReportRunType",
    "CreateWebhookEndpoint",
    "CreateWebhookEndpointEnabledEventsItem",
    "CreateWebhookEndpointResponse201",
    "DeleteWebhookEndpointResponse200",
    "DeleteWebhookEndpointResponse200Data",
    "Dispute",
    "DisputeCreated",
    "DisputeCreatedDeliveryStatus",
    "DisputeLost",
    "DisputeLostDeliveryStatus",
    "DisputeMode",
    "DisputeStatus",
    "DisputeWon",
    "DisputeWonDeliveryStatus",
    "EndpointAttempt",
    "EndpointAttemptEventType",
    "EndpointAttemptFailureReasonType1",
    "EndpointAttemptFailureReasonType2Type1",
    "EndpointAttemptFailureReasonType3Type1",
    "ErrorEnvelope",
    "ErrorMetaType0DetailsItem",
    "ErrorMetaType0ErrorCode",
    "ErrorMetaType1Details",
    "ErrorMetaType1ErrorCode",
    "ErrorMetaType2Details",
    "ErrorMetaType2DetailsStatus",
    "ErrorMetaType2ErrorCode",
    "ErrorMetaType3Details",
    "ErrorMetaType3ErrorCode",
    "ErrorMetaType4Details",
    "ErrorMetaType4DetailsMode",
    "ErrorMetaType4ErrorCode",
    "ErrorMetaType5DetailsLinesItem",
    "ErrorMetaType5DetailsLinesItemErrorCode",
    "ErrorMetaType5ErrorCode",
    "ErrorMetaType6Details",
    "ErrorMetaType6ErrorCode",
    "ErrorMetaType7Details",
    "ErrorMetaType7DetailsMode",
    "ErrorMetaType7ErrorCode",
    "ErrorMetaType8Details",
    "ErrorMetaType8ErrorCode",
    "ErrorMetaType9Details",
    "ErrorMetaType9ErrorCode",
    "ErrorMetaType10Details",
    "ErrorMetaType10ErrorCode",
    "ErrorMetaType11Details",
    "ErrorMetaType11ErrorCode",
    "ErrorMetaType12Details",
    "ErrorMetaType12ErrorCode",
    "ErrorMetaType13Details",
    "ErrorMetaType13DetailsRequiredScopeType1",
    "ErrorMetaType13DetailsRequiredScopeType2Type1",
    "ErrorMetaType13DetailsRequiredScopeType3Type1",
    "ErrorMetaType13ErrorCode",
    "ErrorMetaType14Details",
    "ErrorMetaType14DetailsKind",
    "ErrorMetaType14DetailsLimit",
    "ErrorMetaType14ErrorCode",
    "ErrorMetaType15Details",
    "ErrorMetaType15ErrorCode",
    "ErrorMetaType16Details",
    "ErrorMetaType16DetailsMethod",
    "ErrorMetaType16ErrorCode",
    "ErrorMetaType17Details",
    "ErrorMetaType17ErrorCode",
    "ErrorMetaType18DetailsChecks",
    "ErrorMetaType18DetailsStatus",
    "ErrorMetaType18ErrorCode",
    "ErrorMetaType19Details",
    "ErrorMetaType19DetailsMode",
    "ErrorMetaType19ErrorCode",
    "ErrorMetaType20",
    "ErrorMetaType20ErrorCode",
    "GatewayHealthChange",
    "GatewayHealthChangeGateway",
    "GatewayHealthChangeMode",
    "GatewayHealthChangePreviousStatus",
    "GatewayHealthChangeStatus",
    "GatewayHealthChanged",
    "GatewayHealthChangedDeliveryStatus",
    "GatewayHealthWindow",
    "GatewayMaintenanceNotice",
    "GatewayStatus",
    "GatewayStatusGatewaysItem",
    "GatewayStatusGatewaysItemGateway",
    "GatewayStatusGatewaysItemMode",
    "GatewayStatusGatewaysItemStatus",
    "GatewayStatusMaintenanceItem",
    "GatewayStatusMaintenanceItemGateway",
    "GatewayStatusMaintenanceItemMode",
    "GatewayStatusRecentChangesItem",
    "GatewayStatusRecentChangesItemGateway",
    "GatewayStatusRecentChangesItemMode",
    "GatewayStatusRecentChangesItemPreviousStatus",
    "GatewayStatusRecentChangesItemStatus",
    "GetAppMeResponse200",
    "GetEventResponse200",
    "GetGatewayStatusResponse200",
    "GetInvoiceResponse200",
    "GetLedgerBalanceResponse200",
    "GetPaymentResponse200",
    "GetPayoutBatchResponse200",
    "GetPayoutResponse200",
    "GetReceiptResponse200",
    "GetRefundResponse200",
    "GetReportRunFileFormat",
    "GetReportRunResponse200",
    "GetReportRunRowsResponse200",
    "GetRequestLogEntryResponse200",
    "GetWebhookEndpointResponse200",
    "Invoice",
    "InvoiceCustomer",
    "InvoiceDueNowType1",
    "InvoiceInstallmentDue",
    "InvoiceInstallmentDueDeliveryStatus",
    "InvoiceInstallmentEvent",
    "InvoiceInstallmentEventCustomer",
    "InvoiceInstallmentEventDueNowType1",
    "InvoiceInstallmentEventInstallment",
    "InvoiceInstallmentEventInstallmentPlanType1Type0",
    "InvoiceInstallmentEventInstallmentPlanType1Type0Interval",
    "InvoiceInstallmentEventInstallmentPlanType1Type1",
    "InvoiceInstallmentEventInstallmentPlanType1Type1ScheduleItem",
    "InvoiceInstallmentEventInstallmentState",
    "InvoiceInstallmentEventInstallmentsItem",
    "InvoiceInstallmentEventInstallmentsItemState",
    "InvoiceInstallmentEventLinesItem",
    "InvoiceInstallmentEventLinesItemDiscountType1Type0",
    "InvoiceInstallmentEventLinesItemDiscountType1Type1",
    "InvoiceInstallmentEventMetadata",
    "InvoiceInstallmentEventMode",
    "InvoiceInstallmentEventOverdueType1",
    "InvoiceInstallmentEventStatus",
    "InvoiceInstallmentEventTotals",
    "InvoiceInstallmentOverdue",
    "InvoiceInstallmentOverdueDeliveryStatus",
    "InvoiceInstallmentPlanType1Type0",
    "InvoiceInstallmentPlanType1Type0Interval",
    "InvoiceInstallmentPlanType1Type1",
    "InvoiceInstallmentPlanType1Type1ScheduleItem",
    "InvoiceInstallmentsItem",
    "InvoiceInstallmentsItemState",
    "InvoiceIssued",
    "InvoiceIssuedDeliveryStatus",
    "InvoiceLinesItem",
    "InvoiceLinesItemDiscountType1Type0",
    "InvoiceLinesItemDiscountType1Type1",
    "InvoiceMetadata",
    "InvoiceMode",
    "InvoiceOverdueType1",
    "InvoicePaid",
    "InvoicePaidDeliveryStatus",
    "InvoicePartiallyPaid",
    "InvoicePartiallyPaidDeliveryStatus",
    "InvoicePaymentEvent",
    "InvoicePaymentEventCustomer",
    "InvoicePaymentEventDueNowType1",
    "InvoicePaymentEventInstallmentPlanType1Type0",
    "InvoicePaymentEventInstallmentPlanType1Type0Interval",
    "InvoicePaymentEventInstallmentPlanType1Type1",
    "InvoicePaymentEventInstallmentPlanType1Type1ScheduleItem",
    "InvoicePaymentEventInstallmentsItem",
    "InvoicePaymentEventInstallmentsItemState",
    "InvoicePaymentEventLinesItem",
    "InvoicePaymentEventLinesItemDiscountType1Type0",
    "InvoicePaymentEventLinesItemDiscountType1Type1",
    "InvoicePaymentEventMetadata",
    "InvoicePaymentEventMode",
    "InvoicePaymentEventOverdueType1",
    "InvoicePaymentEventPayment",
    "InvoicePaymentEventStatus",
    "InvoicePaymentEventTotals",
    "InvoiceStatus",
    "InvoiceTotals",
    "InvoiceVoided",
    "InvoiceVoidedDeliveryStatus",
    "IssueInvoice",
    "IssueInvoiceResponse200",
    "LedgerBalance",
    "LedgerBalanceBalancesItem",
    "LedgerBalanceMode",
    "ListEventsResponse200",
    "ListEventsResponse200Data",
    "ListInvoicesOverdue",
    "ListInvoicesResponse200",
    "ListInvoicesResponse200Data",
    "ListPaymentRefundsResponse200",
    "ListPaymentRefundsResponse200Data",
    "ListPaymentsPaymentMethodType",
    "ListPaymentsResponse200",
    "ListPaymentsResponse200Data",
    "ListPayoutBatchLinesResponse200",
    "ListPayoutBatchLinesResponse200Data",
    "ListPayoutsRail",
    "ListPayoutsResponse200",
    "ListPayoutsResponse200Data",
    "ListRefundsResponse200",
    "ListRefundsResponse200Data",
    "ListReportRunsResponse200",
    "ListReportRunsResponse200Data",
    "ListReportRunsType",
    "ListRequestLogMethod",
    "ListRequestLogResponse200",
    "ListRequestLogResponse200Data",
    "ListWebhookAttemptsResponse200",
    "ListWebhookAttemptsResponse200Data",
    "ListWebhookEndpointsResponse200",
    "ListWebhookEndpointsResponse200Data",
    "Meta",
    "Pagination",
    "Payment",
    "PaymentCancelled",
    "PaymentCancelledDeliveryStatus",
    "PaymentExpired",
    "PaymentExpiredDeliveryStatus",
    "PaymentFailed",
    "PaymentFailedDeliveryStatus",
    "PaymentMetadata",
    "PaymentMode",
    "PaymentPartiallyRefunded",
    "PaymentPartiallyRefundedDeliveryStatus",
    "PaymentPaymentMethodTypeType1",
    "PaymentPaymentMethodTypeType2Type1",
    "PaymentPaymentMethodTypeType3Type1",
    "PaymentRefunded",
    "PaymentRefundedDeliveryStatus",
    "PaymentStatus",
    "PaymentSucceeded",
    "PaymentSucceededDeliveryStatus",
    "PaymentWithRefunds",
    "PaymentWithRefundsMetadata",
    "PaymentWithRefundsMode",
    "PaymentWithRefundsPaymentMethodTypeType1",
    "PaymentWithRefundsPaymentMethodTypeType2Type1",
    "PaymentWithRefundsPaymentMethodTypeType3Type1",
    "PaymentWithRefundsStatus",
    "Payout",
    "PayoutBatch",
    "PayoutBatchCompleted",
    "PayoutBatchCompletedDeliveryStatus",
    "PayoutBatchCreated",
    "PayoutBatchCreatedDeliveryStatus",
    "PayoutBatchLine",
    "PayoutBatchLineBeneficiary",
    "PayoutBatchLineMetadata",
    "PayoutBatchLineRail",
    "PayoutBatchLineStatus",
    "PayoutBatchProgressItem",
    "PayoutBatchProgressItemStatus",
    "PayoutBatchSource",
    "PayoutBatchStatus",
    "PayoutBeneficiary",
    "PayoutBeneficiaryCheckType0",
    "PayoutBeneficiaryType",
    "PayoutCancelled",
    "PayoutCancelledDeliveryStatus",
    "PayoutCreated",
    "PayoutCreatedDeliveryStatus",
    "PayoutFailed",
    "PayoutFailedDeliveryStatus",
    "PayoutMetadata",
    "PayoutRail",
    "PayoutReturned",
    "PayoutReturnedDeliveryStatus",
    "PayoutStatus",
    "PayoutStatusSummaryItem",
    "PayoutStatusSummaryItemStatus",
    "PayoutSucceeded",
    "PayoutSucceededDeliveryStatus",
    "ReadinessCheck",
    "ReadinessCheckStatus",
    "Receipt",
    "ReceiptStatus",
    "RecoverWebhookEndpoint",
    "RecoverWebhookEndpointResponse202",
    "Refund",
    "RefundApprovalRequired",
    "RefundApprovalRequiredDeliveryStatus",
    "RefundApproved",
    "RefundApprovedDeliveryStatus",
    "RefundCreated",
    "RefundCreatedDeliveryStatus",
    "RefundDestinationType0",
    "RefundDestinationType0Type",
    "RefundExpectedArrival",
    "RefundExpectedArrivalWindow",
    "RefundExpired",
    "RefundExpiredDeliveryStatus",
    "RefundFailed",
    "RefundFailedDeliveryStatus",
    "RefundFunds",
    "RefundMetadata",
    "RefundMode",
    "RefundRejected",
    "RefundRejectedDeliveryStatus",
    "RefundRoute",
    "RefundStatus",
    "RefundSucceeded",
    "RefundSucceededDeliveryStatus",
    "ReportRows",
    "ReportRowsRowsItem",
    "ReportRun",
    "ReportRunDelivery",
    "ReportRunDeliveryStatus",
    "ReportRunFilters",
    "ReportRunFormat",
    "ReportRunMode",
    "ReportRunType",
    "RequestLogEntry",
    "RequestLogEntryMode",
    "RotateWebhookEndpointSecretResponse200",
    "StatusSummaryItem",
    "StatusSummaryItemStatus",
    "StreamEventsResponse200",
    "UpdateInvoice",
    "UpdateInvoiceCurrency",
    "UpdateInvoiceCustomer",
    "UpdateInvoiceInstallmentPlanType0Type0",
    "UpdateInvoiceInstallmentPlanType0Type0Interval",
    "UpdateInvoiceInstallmentPlanType0Type1",
    "UpdateInvoiceInstallmentPlanType0Type1ScheduleItem",
    "UpdateInvoiceLinesItem",
    "UpdateInvoiceLinesItemDiscountType0",
    "UpdateInvoiceLinesItemDiscountType1",
    "UpdateInvoiceMetadata",
    "UpdateInvoiceResponse200",
    "UpdateWebhookEndpoint",
    "UpdateWebhookEndpointEnabledEventsItem",
    "UpdateWebhookEndpointResponse200",
    "VoidInvoice",
    "VoidInvoiceResponse200",
    "WebhookEndpoint",
    "WebhookEndpointEnabledEventsItem",
    "WebhookEndpointMode",
    "WebhookEndpointWithSecret",
    "WebhookEndpointWithSecretEnabledEventsItem",
    "WebhookEndpointWithSecretMode",
    "WebhookPing",
    "WebhookPingData",
    "WebhookPingDataMode",
    "WebhookPingDeliveryStatus",
    "WebhookRecover",
)
