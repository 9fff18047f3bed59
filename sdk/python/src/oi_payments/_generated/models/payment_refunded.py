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

from ..models.payment_refunded_delivery_status import PaymentRefundedDeliveryStatus

if TYPE_CHECKING:
    from ..models.payment import Payment


T = TypeVar("T", bound="PaymentRefunded")


@_attrs_define
class PaymentRefunded:
    """Refunds now cover the whole payment

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['payment.refunded']):
        timestamp (datetime.datetime): When the event was written
        data (Payment):
        delivery_status (PaymentRefundedDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING
            (under way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended
            without it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["payment.refunded"]
    timestamp: datetime.datetime
    data: Payment
    delivery_status: PaymentRefundedDeliveryStatus

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
        from ..models.payment import Payment

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["payment.refunded"], d.pop("type"))
        if type_ != "payment.refunded":
            raise ValueError(f"type must match const 'payment.refunded', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = Payment.from_dict(d.pop("data"))

        delivery_status = PaymentRefundedDeliveryStatus(d.pop("deliveryStatus"))

        payment_refunded = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return payment_refunded
