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

from ..models.gateway_health_changed_delivery_status import (
    GatewayHealthChangedDeliveryStatus,
)

if TYPE_CHECKING:
    from ..models.gateway_health_change import GatewayHealthChange


T = TypeVar("T", bound="GatewayHealthChanged")


@_attrs_define
class GatewayHealthChanged:
    """A gateway's health in the event's mode changed (OPERATIONAL, DEGRADED, DOWN, MAINTENANCE): sent to every active app

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['gateway.health_changed']):
        timestamp (datetime.datetime): When the event was written
        data (GatewayHealthChange):
        delivery_status (GatewayHealthChangedDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING
            (under way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended
            without it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["gateway.health_changed"]
    timestamp: datetime.datetime
    data: GatewayHealthChange
    delivery_status: GatewayHealthChangedDeliveryStatus

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
        from ..models.gateway_health_change import GatewayHealthChange

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["gateway.health_changed"], d.pop("type"))
        if type_ != "gateway.health_changed":
            raise ValueError(
                f"type must match const 'gateway.health_changed', got '{type_}'"
            )

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = GatewayHealthChange.from_dict(d.pop("data"))

        delivery_status = GatewayHealthChangedDeliveryStatus(d.pop("deliveryStatus"))

        gateway_health_changed = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return gateway_health_changed
