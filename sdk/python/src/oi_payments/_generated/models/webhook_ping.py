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

from ..models.webhook_ping_delivery_status import WebhookPingDeliveryStatus

if TYPE_CHECKING:
    from ..models.webhook_ping_data import WebhookPingData


T = TypeVar("T", bound="WebhookPing")


@_attrs_define
class WebhookPing:
    """An operator tested the endpoint from the dashboard; nothing happened to any payment

    Attributes:
        id (str): The event id; the delivery's webhook-id
        type_ (Literal['webhook.ping']):
        timestamp (datetime.datetime): When the event was written
        data (WebhookPingData):
        delivery_status (WebhookPingDeliveryStatus): Its delivery to the app's endpoints in this mode: PENDING (under
            way or retrying at any of them), DELIVERED (every endpoint took it), FAILED (an endpoint's retries ended without
            it), NO_ENDPOINT (no endpoint took its type when it happened)
    """

    id: str
    type_: Literal["webhook.ping"]
    timestamp: datetime.datetime
    data: WebhookPingData
    delivery_status: WebhookPingDeliveryStatus

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
        from ..models.webhook_ping_data import WebhookPingData

        d = dict(src_dict)
        id = d.pop("id")

        type_ = cast(Literal["webhook.ping"], d.pop("type"))
        if type_ != "webhook.ping":
            raise ValueError(f"type must match const 'webhook.ping', got '{type_}'")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        data = WebhookPingData.from_dict(d.pop("data"))

        delivery_status = WebhookPingDeliveryStatus(d.pop("deliveryStatus"))

        webhook_ping = cls(
            id=id,
            type_=type_,
            timestamp=timestamp,
            data=data,
            delivery_status=delivery_status,
        )

        return webhook_ping
