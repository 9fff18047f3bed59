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


T = TypeVar("T", bound="ListEventsResponse200Data")


@_attrs_define
class ListEventsResponse200Data:
    """
    Attributes:
        items (list[DisputeCreated | DisputeLost | DisputeWon | GatewayHealthChanged | InvoiceInstallmentDue |
            InvoiceInstallmentOverdue | InvoiceIssued | InvoicePaid | InvoicePartiallyPaid | InvoiceVoided |
            PaymentCancelled | PaymentExpired | PaymentFailed | PaymentPartiallyRefunded | PaymentRefunded |
            PaymentSucceeded | PayoutBatchCompleted | PayoutBatchCreated | PayoutCancelled | PayoutCreated | PayoutFailed |
            PayoutReturned | PayoutSucceeded | RefundApprovalRequired | RefundApproved | RefundCreated | RefundExpired |
            RefundFailed | RefundRejected | RefundSucceeded | WebhookPing]):
    """

    items: list[
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
    ]

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

        items = []
        for items_item_data in self.items:
            items_item: dict[str, Any]
            if (
                isinstance(items_item_data, PaymentSucceeded)
                or isinstance(items_item_data, PaymentFailed)
                or isinstance(items_item_data, PaymentCancelled)
                or isinstance(items_item_data, PaymentExpired)
                or isinstance(items_item_data, PaymentPartiallyRefunded)
                or isinstance(items_item_data, PaymentRefunded)
                or isinstance(items_item_data, RefundCreated)
                or isinstance(items_item_data, RefundApprovalRequired)
                or isinstance(items_item_data, RefundApproved)
                or isinstance(items_item_data, RefundRejected)
                or isinstance(items_item_data, RefundExpired)
                or isinstance(items_item_data, RefundSucceeded)
                or isinstance(items_item_data, RefundFailed)
                or isinstance(items_item_data, DisputeCreated)
                or isinstance(items_item_data, DisputeWon)
                or isinstance(items_item_data, DisputeLost)
                or isinstance(items_item_data, InvoiceIssued)
                or isinstance(items_item_data, InvoicePartiallyPaid)
                or isinstance(items_item_data, InvoicePaid)
                or isinstance(items_item_data, InvoiceVoided)
                or isinstance(items_item_data, InvoiceInstallmentDue)
                or isinstance(items_item_data, InvoiceInstallmentOverdue)
                or isinstance(items_item_data, PayoutCreated)
                or isinstance(items_item_data, PayoutSucceeded)
                or isinstance(items_item_data, PayoutFailed)
                or isinstance(items_item_data, PayoutCancelled)
                or isinstance(items_item_data, PayoutReturned)
                or isinstance(items_item_data, PayoutBatchCreated)
                or isinstance(items_item_data, PayoutBatchCompleted)
                or isinstance(items_item_data, GatewayHealthChanged)
            ):
                items_item = items_item_data.to_dict()
            else:
                items_item = items_item_data.to_dict()

            items.append(items_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
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
        items = []
        _items = d.pop("items")
        for items_item_data in _items:

            def _parse_items_item(
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
                    componentsschemas_event_payment_succeeded = (
                        PaymentSucceeded.from_dict(data)
                    )

                    return componentsschemas_event_payment_succeeded
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_payment_failed = PaymentFailed.from_dict(
                        data
                    )

                    return componentsschemas_event_payment_failed
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_payment_cancelled = (
                        PaymentCancelled.from_dict(data)
                    )

                    return componentsschemas_event_payment_cancelled
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_payment_expired = PaymentExpired.from_dict(
                        data
                    )

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
                    componentsschemas_event_payment_refunded = (
                        PaymentRefunded.from_dict(data)
                    )

                    return componentsschemas_event_payment_refunded
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_refund_created = RefundCreated.from_dict(
                        data
                    )

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
                    componentsschemas_event_refund_approved = RefundApproved.from_dict(
                        data
                    )

                    return componentsschemas_event_refund_approved
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_refund_rejected = RefundRejected.from_dict(
                        data
                    )

                    return componentsschemas_event_refund_rejected
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_refund_expired = RefundExpired.from_dict(
                        data
                    )

                    return componentsschemas_event_refund_expired
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_refund_succeeded = (
                        RefundSucceeded.from_dict(data)
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
                    componentsschemas_event_dispute_created = DisputeCreated.from_dict(
                        data
                    )

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
                    componentsschemas_event_invoice_issued = InvoiceIssued.from_dict(
                        data
                    )

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
                    componentsschemas_event_invoice_voided = InvoiceVoided.from_dict(
                        data
                    )

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
                    componentsschemas_event_payout_created = PayoutCreated.from_dict(
                        data
                    )

                    return componentsschemas_event_payout_created
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_payout_succeeded = (
                        PayoutSucceeded.from_dict(data)
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
                    componentsschemas_event_payout_cancelled = (
                        PayoutCancelled.from_dict(data)
                    )

                    return componentsschemas_event_payout_cancelled
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_event_payout_returned = PayoutReturned.from_dict(
                        data
                    )

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

            items_item = _parse_items_item(items_item_data)

            items.append(items_item)

        list_events_response_200_data = cls(
            items=items,
        )

        return list_events_response_200_data
