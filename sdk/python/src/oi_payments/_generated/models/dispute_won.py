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

from ..models.dispute_won_delivery_status import DisputeWonDeliveryStatus

if TYPE_CHECKING:
    from ..models.dispute import Dispute


T = TypeVar("T", bound="DisputeWon")


@_attrs_define
class DisputeWon:
    """The dispute was decided for the app: the disputed amount is back in the app's balance

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['dispute.won']):
        timestamp (datetime.datetime): When the event was written
        data (Dispute): A dispute (chargeback) of a captured payment
        delivery_status (DisputeWonDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING (under way
            or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended without
            it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["dispute.won"]
    timestamp: datetime.datetime
    data: Dispute
    delivery_status: DisputeWonDeliveryStatus

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
        from ..models.dispute import Dispute

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["dispute.won"], d.pop("type"))
        if type_ != "dispute.won":
            raise ValueError(f"type must match const 'dispute.won', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = Dispute.from_dict(d.pop("data"))

        delivery_status = DisputeWonDeliveryStatus(d.pop("deliveryStatus"))

        dispute_won = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return dispute_won
