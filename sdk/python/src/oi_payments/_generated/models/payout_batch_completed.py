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

from ..models.payout_batch_completed_delivery_status import (
    PayoutBatchCompletedDeliveryStatus,
)

if TYPE_CHECKING:
    from ..models.payout_batch import PayoutBatch


T = TypeVar("T", bound="PayoutBatchCompleted")


@_attrs_define
class PayoutBatchCompleted:
    """Every line's payout reached a final status; the batch carries its counts and amounts by status

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['payout_batch.completed']):
        timestamp (datetime.datetime): When the event was written
        data (PayoutBatch):
        delivery_status (PayoutBatchCompletedDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING
            (under way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended
            without it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["payout_batch.completed"]
    timestamp: datetime.datetime
    data: PayoutBatch
    delivery_status: PayoutBatchCompletedDeliveryStatus

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

        type_ = cast(Literal["payout_batch.completed"], d.pop("type"))
        if type_ != "payout_batch.completed":
            raise ValueError(
                f"type must match const 'payout_batch.completed', got '{type_}'"
            )

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = PayoutBatch.from_dict(d.pop("data"))

        delivery_status = PayoutBatchCompletedDeliveryStatus(d.pop("deliveryStatus"))

        payout_batch_completed = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return payout_batch_completed
