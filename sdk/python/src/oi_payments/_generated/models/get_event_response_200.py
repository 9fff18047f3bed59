from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.dispute_created import DisputeCreated
    from ..models.dispute_lost import DisputeLost
    from ..models.dispute_won import DisputeWon
    from ..models.gateway_health_changed import GatewayHealthChanged
    from ..models.invoice_installment_due import InvoiceInstallmentDue
    from ..models.invoice_installment_overdue import InvoiceInstallmentOverdue
    from ..models.invoice_issued import InvoiceIssued
    from ..models.invoice_paid import InvoicePaid
    from ..models.invoice_partially_paid import InvoicePartiallyPaid
    from ..models.invoice_voided import InvoiceVoided
    from ..models.meta import Meta
    from ..models.payment_cancelled import PaymentCancelled
    from ..models.payment_expired import PaymentExpired
    from ..models.payment_failed import PaymentFailed
    from ..models.payment_partially_refunded import PaymentPartiallyRefunded
    from ..models.payment_refunded import PaymentRefunded
    from ..models.payment_succeeded import PaymentSucceeded
    from ..models.payout_batch_completed import PayoutBatchCompleted
    from ..models.payout_batch_created import PayoutBatchCreated
    from ..models.payout_cancelled import PayoutCancelled
    from ..models.payout_created import PayoutCreated
    from ..models.payout_failed import PayoutFailed
    from ..models.payout_returned import PayoutReturned
    from ..models.payout_succeeded import PayoutSucceeded
    from ..models.refund_approval_required import RefundApprovalRequired
    from ..models.refund_approved import RefundApproved
    from ..models.refund_created import RefundCreated
    from ..models.refund_expired import RefundExpired
    from ..models.refund_failed import RefundFailed
    from ..models.refund_rejected import RefundRejected
    from ..models.refund_succeeded import RefundSucceeded
    from ..models.webhook_ping import WebhookPing


T = TypeVar("T", bound="GetEventResponse200")


@_attrs_define
class GetEventResponse200:
    """
    Attributes:
        data (DisputeCreated | DisputeLost | DisputeWon | GatewayHealthChanged | InvoiceInstallmentDue |
            InvoiceInstallmentOverdue | InvoiceIssued | InvoicePaid | InvoicePartiallyPaid | InvoiceVoided |
            PaymentCancelled | PaymentExpired | PaymentFailed | PaymentPartiallyRefunded | PaymentRefunded |
            PaymentSucceeded | PayoutBatchCompleted | PayoutBatchCreated | PayoutCancelled | PayoutCreated | PayoutFailed |
            PayoutReturned | PayoutSucceeded | RefundApprovalRequired | RefundApproved | RefundCreated | RefundExpired |
            RefundFailed | RefundRejected | RefundSucceeded | WebhookPing): The body a webhook delivered for this event (id,
            type, timestamp, data: feed it to the same handler), plus deliveryStatus
        meta (Meta): A successful answer's meta
    """

    data: (
        DisputeCreated
        | DisputeLost
        | DisputeWon
        | GatewayHealthChanged
        | InvoiceInstallmentDue
        | InvoiceInstallmentOverdue
        | InvoiceIssued
        | InvoicePaid
        | InvoicePartiallyPaid
        | InvoiceVoided
        | PaymentCancelled
        | PaymentExpired
        | PaymentFailed
        | PaymentPartiallyRefunded
        | PaymentRefunded
        | PaymentSucceeded
        | PayoutBatchCompleted
        | PayoutBatchCreated
        | PayoutCancelled
        | PayoutCreated
        | PayoutFailed
        | PayoutReturned
        | PayoutSucceeded
        | RefundApprovalRequired
        | RefundApproved
        | RefundCreated
        | RefundExpired
        | RefundFailed
        | RefundRejected
        | RefundSucceeded
        | WebhookPing
    )
    meta: Meta

    def to_dict(self) -> dict[str, Any]:
        from ..models.dispute_created import DisputeCreated
        from ..models.dispute_lost import DisputeLost
        from ..models.dispute_won import DisputeWon
        from ..models.gateway_health_changed import GatewayHealthChanged
        from ..models.invoice_installment_due import InvoiceInstallmentDue
        from ..models.invoice_installment_overdue import InvoiceInstallmentOverdue
        from ..models.invoice_issued import InvoiceIssued
        from ..models.invoice_paid import InvoicePaid
        from ..models.invoice_partially_paid import InvoicePartiallyPaid
        from ..models.invoice_voided import InvoiceVoided
        from ..models.payment_cancelled import PaymentCancelled
        from ..models.payment_expired import PaymentExpired
        from ..models.payment_failed import PaymentFailed
        from ..models.payment_partially_refunded import PaymentPartiallyRefunded
        from ..models.payment_refunded import PaymentRefunded
        from ..models.payment_succeeded import PaymentSucceeded
        from ..models.payout_batch_completed import PayoutBatchCompleted
        from ..models.payout_batch_created import PayoutBatchCreated
        from ..models.payout_cancelled import PayoutCancelled
        from ..models.payout_created import PayoutCreated
        from ..models.payout_failed import PayoutFailed
        from ..models.payout_returned import PayoutReturned
        from ..models.payout_succeeded import PayoutSucceeded
        from ..models.refund_approval_required import RefundApprovalRequired
        from ..models.refund_approved import RefundApproved
        from ..models.refund_created import RefundCreated
        from ..models.refund_expired import RefundExpired
        from ..models.refund_failed import RefundFailed
        from ..models.refund_rejected import RefundRejected
        from ..models.refund_succeeded import RefundSucceeded

        data: dict[str, Any]
        if (
            isinstance(self.data, PaymentSucceeded)
            or isinstance(self.data, PaymentFailed)
            or isinstance(self.data, PaymentCancelled)
            or isinstance(self.data, PaymentExpired)
            or isinstance(self.data, PaymentPartiallyRefunded)
            or isinstance(self.data, PaymentRefunded)
            or isinstance(self.data, RefundCreated)
            or isinstance(self.data, RefundApprovalRequired)
            or isinstance(self.data, RefundApproved)
            or isinstance(self.data, RefundRejected)
            or isinstance(self.data, RefundExpired)
            or isinstance(self.data, RefundSucceeded)
            or isinstance(self.data, RefundFailed)
            or isinstance(self.data, DisputeCreated)
            or isinstance(self.data, DisputeWon)
            or isinstance(self.data, DisputeLost)
            or isinstance(self.data, InvoiceIssued)
            or isinstance(self.data, InvoicePartiallyPaid)
            or isinstance(self.data, InvoicePaid)
            or isinstance(self.data, InvoiceVoided)
            or isinstance(self.data, InvoiceInstallmentDue)
            or isinstance(self.data, InvoiceInstallmentOverdue)
            or isinstance(self.data, PayoutCreated)
            or isinstance(self.data, PayoutSucceeded)
            or isinstance(self.data, PayoutFailed)
            or isinstance(self.data, PayoutCancelled)
            or isinstance(self.data, PayoutReturned)
            or isinstance(self.data, PayoutBatchCreated)
            or isinstance(self.data, PayoutBatchCompleted)
            or isinstance(self.data, GatewayHealthChanged)
        ):
            data = self.data.to_dict()
        else:
            data = self.data.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dispute_created import DisputeCreated
        from ..models.dispute_lost import DisputeLost
        from ..models.dispute_won import DisputeWon
        from ..models.gateway_health_changed import GatewayHealthChanged
        from ..models.invoice_installment_due import InvoiceInstallmentDue
        from ..models.invoice_installment_overdue import InvoiceInstallmentOverdue
        from ..models.invoice_issued import InvoiceIssued
        from ..models.invoice_paid import InvoicePaid
        from ..models.invoice_partially_paid import InvoicePartiallyPaid
        from ..models.invoice_voided import InvoiceVoided
        from ..models.meta import Meta
        from ..models.payment_cancelled import PaymentCancelled
        from ..models.payment_expired import PaymentExpired
        from ..models.payment_failed import PaymentFailed
        from ..models.payment_partially_refunded import PaymentPartiallyRefunded
        from ..models.payment_refunded import PaymentRefunded
        from ..models.payment_succeeded import PaymentSucceeded
        from ..models.payout_batch_completed import PayoutBatchCompleted
        from ..models.payout_batch_created import PayoutBatchCreated
        from ..models.payout_cancelled import PayoutCancelled
        from ..models.payout_created import PayoutCreated
        from ..models.payout_failed import PayoutFailed
        from ..models.payout_returned import PayoutReturned
        from ..models.payout_succeeded import PayoutSucceeded
        from ..models.refund_approval_required import RefundApprovalRequired
        from ..models.refund_approved import RefundApproved
        from ..models.refund_created import RefundCreated
        from ..models.refund_expired import RefundExpired
        from ..models.refund_failed import RefundFailed
        from ..models.refund_rejected import RefundRejected
        from ..models.refund_succeeded import RefundSucceeded
        from ..models.webhook_ping import WebhookPing

        d = dict(src_dict)

        def _parse_data(
            data: object,
        ) -> (
            DisputeCreated
            | DisputeLost
            | DisputeWon
            | GatewayHealthChanged
            | InvoiceInstallmentDue
            | InvoiceInstallmentOverdue
            | InvoiceIssued
            | InvoicePaid
            | InvoicePartiallyPaid
            | InvoiceVoided
            | PaymentCancelled
            | PaymentExpired
            | PaymentFailed
            | PaymentPartiallyRefunded
            | PaymentRefunded
            | PaymentSucceeded
            | PayoutBatchCompleted
            | PayoutBatchCreated
            | PayoutCancelled
            | PayoutCreated
            | PayoutFailed
            | PayoutReturned
            | PayoutSucceeded
            | RefundApprovalRequired
            | RefundApproved
            | RefundCreated
            | RefundExpired
            | RefundFailed
            | RefundRejected
            | RefundSucceeded
            | WebhookPing
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payment_succeeded = PaymentSucceeded.from_dict(
                    data
                )

                return componentsschemas_event_payment_succeeded
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payment_failed = PaymentFailed.from_dict(data)

                return componentsschemas_event_payment_failed
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payment_cancelled = PaymentCancelled.from_dict(
                    data
                )

                return componentsschemas_event_payment_cancelled
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payment_expired = PaymentExpired.from_dict(data)

                return componentsschemas_event_payment_expired
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payment_partially_refunded = (
                    PaymentPartiallyRefunded.from_dict(data)
                )

                return componentsschemas_event_payment_partially_refunded
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payment_refunded = PaymentRefunded.from_dict(
                    data
                )

                return componentsschemas_event_payment_refunded
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_refund_created = RefundCreated.from_dict(data)

                return componentsschemas_event_refund_created
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_refund_approval_required = (
                    RefundApprovalRequired.from_dict(data)
                )

                return componentsschemas_event_refund_approval_required
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_refund_approved = RefundApproved.from_dict(data)

                return componentsschemas_event_refund_approved
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_refund_rejected = RefundRejected.from_dict(data)

                return componentsschemas_event_refund_rejected
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_refund_expired = RefundExpired.from_dict(data)

                return componentsschemas_event_refund_expired
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_refund_succeeded = RefundSucceeded.from_dict(
                    data
                )

                return componentsschemas_event_refund_succeeded
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_refund_failed = RefundFailed.from_dict(data)

                return componentsschemas_event_refund_failed
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_dispute_created = DisputeCreated.from_dict(data)

                return componentsschemas_event_dispute_created
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_dispute_won = DisputeWon.from_dict(data)

                return componentsschemas_event_dispute_won
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_dispute_lost = DisputeLost.from_dict(data)

                return componentsschemas_event_dispute_lost
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_invoice_issued = InvoiceIssued.from_dict(data)

                return componentsschemas_event_invoice_issued
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_invoice_partially_paid = (
                    InvoicePartiallyPaid.from_dict(data)
                )

                return componentsschemas_event_invoice_partially_paid
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_invoice_paid = InvoicePaid.from_dict(data)

                return componentsschemas_event_invoice_paid
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_invoice_voided = InvoiceVoided.from_dict(data)

                return componentsschemas_event_invoice_voided
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_invoice_installment_due = (
                    InvoiceInstallmentDue.from_dict(data)
                )

                return componentsschemas_event_invoice_installment_due
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_invoice_installment_overdue = (
                    InvoiceInstallmentOverdue.from_dict(data)
                )

                return componentsschemas_event_invoice_installment_overdue
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payout_created = PayoutCreated.from_dict(data)

                return componentsschemas_event_payout_created
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payout_succeeded = PayoutSucceeded.from_dict(
                    data
                )

                return componentsschemas_event_payout_succeeded
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payout_failed = PayoutFailed.from_dict(data)

                return componentsschemas_event_payout_failed
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payout_cancelled = PayoutCancelled.from_dict(
                    data
                )

                return componentsschemas_event_payout_cancelled
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payout_returned = PayoutReturned.from_dict(data)

                return componentsschemas_event_payout_returned
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payout_batch_created = (
                    PayoutBatchCreated.from_dict(data)
                )

                return componentsschemas_event_payout_batch_created
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_payout_batch_completed = (
                    PayoutBatchCompleted.from_dict(data)
                )

                return componentsschemas_event_payout_batch_completed
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_event_gateway_health_changed = (
                    GatewayHealthChanged.from_dict(data)
                )

                return componentsschemas_event_gateway_health_changed
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_event_webhook_ping = WebhookPing.from_dict(data)

            return componentsschemas_event_webhook_ping

        data = _parse_data(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        get_event_response_200 = cls(
            data=data,
            meta=meta,
        )

        return get_event_response_200
