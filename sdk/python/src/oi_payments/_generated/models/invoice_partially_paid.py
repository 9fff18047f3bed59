from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.invoice_partially_paid_delivery_status import (
    InvoicePartiallyPaidDeliveryStatus,
)

if TYPE_CHECKING:
    from ..models.invoice_payment_event import InvoicePaymentEvent


T = TypeVar("T", bound="InvoicePartiallyPaid")


@_attrs_define
class InvoicePartiallyPaid:
    """A payment paid part of the invoice (data.payment names it)

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['invoice.partially_paid']):
        timestamp (datetime.datetime): When the event was written
        data (InvoicePaymentEvent): invoice.partially_paid and invoice.paid: the invoice after the payment, and the
            payment that paid it
        delivery_status (InvoicePartiallyPaidDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING
            (under way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended
            without it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["invoice.partially_paid"]
    timestamp: datetime.datetime
    data: InvoicePaymentEvent
    delivery_status: InvoicePartiallyPaidDeliveryStatus

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        timestamp = self.timestamp.isoformat()

        data = self.data.to_dict()

        delivery_status = self.delivery_status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "timestamp": timestamp,
                "data": data,
                "deliveryStatus": delivery_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.invoice_payment_event import InvoicePaymentEvent

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["invoice.partially_paid"], d.pop("type"))
        if type_ != "invoice.partially_paid":
            raise ValueError(
                f"type must match const 'invoice.partially_paid', got '{type_}'"
            )

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = InvoicePaymentEvent.from_dict(d.pop("data"))

        delivery_status = InvoicePartiallyPaidDeliveryStatus(d.pop("deliveryStatus"))

        invoice_partially_paid = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return invoice_partially_paid
