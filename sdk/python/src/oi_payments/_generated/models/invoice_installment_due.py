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

from ..models.invoice_installment_due_delivery_status import (
    InvoiceInstallmentDueDeliveryStatus,
)

if TYPE_CHECKING:
    from ..models.invoice_installment_event import InvoiceInstallmentEvent


T = TypeVar("T", bound="InvoiceInstallmentDue")


@_attrs_define
class InvoiceInstallmentDue:
    """An installment's reminder time came (data.installment names it)

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['invoice.installment_due']):
        timestamp (datetime.datetime): When the event was written
        data (InvoiceInstallmentEvent): invoice.installment_due and invoice.installment_overdue: the invoice, and the
            installment the notice is about
        delivery_status (InvoiceInstallmentDueDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING
            (under way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended
            without it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["invoice.installment_due"]
    timestamp: datetime.datetime
    data: InvoiceInstallmentEvent
    delivery_status: InvoiceInstallmentDueDeliveryStatus

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
        from ..models.invoice_installment_event import InvoiceInstallmentEvent

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["invoice.installment_due"], d.pop("type"))
        if type_ != "invoice.installment_due":
            raise ValueError(
                f"type must match const 'invoice.installment_due', got '{type_}'"
            )

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = InvoiceInstallmentEvent.from_dict(d.pop("data"))

        delivery_status = InvoiceInstallmentDueDeliveryStatus(d.pop("deliveryStatus"))

        invoice_installment_due = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return invoice_installment_due
