from enum import StrEnum


class EndpointAttemptEventType(StrEnum):
    DISPUTE_CREATED = "dispute.created"
    DISPUTE_LOST = "dispute.lost"
    DISPUTE_WON = "dispute.won"
    GATEWAY_HEALTH_CHANGED = "gateway.health_changed"
    INVOICE_INSTALLMENT_DUE = "invoice.installment_due"
    INVOICE_INSTALLMENT_OVERDUE = "invoice.installment_overdue"
    INVOICE_ISSUED = "invoice.issued"
    INVOICE_PAID = "invoice.paid"
    INVOICE_PARTIALLY_PAID = "invoice.partially_paid"
    INVOICE_VOIDED = "invoice.voided"
    PAYMENT_CANCELLED = "payment.cancelled"
    PAYMENT_EXPIRED = "payment.expired"
    PAYMENT_FAILED = "payment.failed"
    PAYMENT_PARTIALLY_REFUNDED = "payment.partially_refunded"
    PAYMENT_REFUNDED = "payment.refunded"
    PAYMENT_SUCCEEDED = "payment.succeeded"
    PAYOUT_BATCH_COMPLETED = "payout_batch.completed"
    PAYOUT_BATCH_CREATED = "payout_batch.created"
    PAYOUT_CANCELLED = "payout.cancelled"
    PAYOUT_CREATED = "payout.created"
    PAYOUT_FAILED = "payout.failed"
    PAYOUT_RETURNED = "payout.returned"
    PAYOUT_SUCCEEDED = "payout.succeeded"
    REFUND_APPROVAL_REQUIRED = "refund.approval_required"
    REFUND_APPROVED = "refund.approved"
    REFUND_CREATED = "refund.created"
    REFUND_EXPIRED = "refund.expired"
    REFUND_FAILED = "refund.failed"
    REFUND_REJECTED = "refund.rejected"
    REFUND_SUCCEEDED = "refund.succeeded"
    WEBHOOK_PING = "webhook.ping"

    def __str__(self) -> str:
        return str(self.value)
