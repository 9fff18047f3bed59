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

from ..models.refund_failed_delivery_status import RefundFailedDeliveryStatus

if TYPE_CHECKING:
    from ..models.refund import Refund


T = TypeVar("T", bound="RefundFailed")


@_attrs_define
class RefundFailed:
    """The gateway or the payout rail refused or failed the refund, or the bank returned its payout after it had succeeded
    (failureReason PAYOUT_RETURNED); its amount is refundable again

        Attributes:
            id (str): The event id; the delivery's webhook-id
            type_ (Literal['refund.failed']):
            timestamp (datetime.datetime): When the event was written
            data (Refund):
            delivery_status (RefundFailedDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING (under
                way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended without
                it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["refund.failed"]
    timestamp: datetime.datetime
    data: Refund
    delivery_status: RefundFailedDeliveryStatus

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
        from ..models.refund import Refund

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["refund.failed"], d.pop("type"))
        if type_ != "refund.failed":
            raise ValueError(f"type must match const 'refund.failed', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = Refund.from_dict(d.pop("data"))

        delivery_status = RefundFailedDeliveryStatus(d.pop("deliveryStatus"))

        refund_failed = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return refund_failed
