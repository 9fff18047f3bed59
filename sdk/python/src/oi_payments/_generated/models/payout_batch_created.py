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

from ..models.payout_batch_created_delivery_status import (
    PayoutBatchCreatedDeliveryStatus,
)

if TYPE_CHECKING:
    from ..models.payout_batch import PayoutBatch


T = TypeVar("T", bound="PayoutBatchCreated")


@_attrs_define
class PayoutBatchCreated:
    """A batch was taken: scheduled for the end of its cancel window, or waiting for approvers by its total

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['payout_batch.created']):
        timestamp (datetime.datetime): When the event was written
        data (PayoutBatch):
        delivery_status (PayoutBatchCreatedDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING
            (under way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended
            without it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["payout_batch.created"]
    timestamp: datetime.datetime
    data: PayoutBatch
    delivery_status: PayoutBatchCreatedDeliveryStatus

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
        from ..models.payout_batch import PayoutBatch

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["payout_batch.created"], d.pop("type"))
        if type_ != "payout_batch.created":
            raise ValueError(
                f"type must match const 'payout_batch.created', got '{type_}'"
            )

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = PayoutBatch.from_dict(d.pop("data"))

        delivery_status = PayoutBatchCreatedDeliveryStatus(d.pop("deliveryStatus"))

        payout_batch_created = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return payout_batch_created
