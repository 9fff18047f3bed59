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

from ..models.invoice_voided_delivery_status import InvoiceVoidedDeliveryStatus

if TYPE_CHECKING:
    from ..models.invoice import Invoice


T = TypeVar("T", bound="InvoiceVoided")


@_attrs_define
class InvoiceVoided:
    """The invoice was voided

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['invoice.voided']):
        timestamp (datetime.datetime): When the event was written
        data (Invoice):
        delivery_status (InvoiceVoidedDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING (under
            way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended without
            it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["invoice.voided"]
    timestamp: datetime.datetime
    data: Invoice
    delivery_status: InvoiceVoidedDeliveryStatus

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
        from ..models.invoice import Invoice

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["invoice.voided"], d.pop("type"))
        if type_ != "invoice.voided":
            raise ValueError(f"type must match const 'invoice.voided', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = Invoice.from_dict(d.pop("data"))

        delivery_status = InvoiceVoidedDeliveryStatus(d.pop("deliveryStatus"))

        invoice_voided = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return invoice_voided
