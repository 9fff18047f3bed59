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

from ..models.payout_created_delivery_status import PayoutCreatedDeliveryStatus

if TYPE_CHECKING:
    from ..models.payout import Payout


T = TypeVar("T", bound="PayoutCreated")


@_attrs_define
class PayoutCreated:
    """A payout was taken: scheduled for the end of its cancel window, or waiting for approvers

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['payout.created']):
        timestamp (datetime.datetime): When the event was written
        data (Payout):
        delivery_status (PayoutCreatedDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING (under
            way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended without
            it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["payout.created"]
    timestamp: datetime.datetime
    data: Payout
    delivery_status: PayoutCreatedDeliveryStatus

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
        from ..models.payout import Payout

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["payout.created"], d.pop("type"))
        if type_ != "payout.created":
            raise ValueError(f"type must match const 'payout.created', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = Payout.from_dict(d.pop("data"))

        delivery_status = PayoutCreatedDeliveryStatus(d.pop("deliveryStatus"))

        payout_created = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return payout_created
