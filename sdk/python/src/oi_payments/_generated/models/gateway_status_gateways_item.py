from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.gateway_status_gateways_item_gateway import (
    GatewayStatusGatewaysItemGateway,
)
from ..models.gateway_status_gateways_item_mode import GatewayStatusGatewaysItemMode
from ..models.gateway_status_gateways_item_status import GatewayStatusGatewaysItemStatus

T = TypeVar("T", bound="GatewayStatusGatewaysItem")


@_attrs_define
class GatewayStatusGatewaysItem:
    """
    Attributes:
        gateway (GatewayStatusGatewaysItemGateway):
        gateway_name (str):
        mode (GatewayStatusGatewaysItemMode):
        status (GatewayStatusGatewaysItemStatus): OPERATIONAL; DEGRADED (many of our calls failed lately: the checkout
            shows it last); DOWN (most failed: the checkout shows it last and does not let customers choose it); MAINTENANCE
            (an announced window: as DOWN)
        since (datetime.datetime | None): Since when; null before its first evaluation
        evaluated_at (datetime.datetime | None):
    """

    gateway: GatewayStatusGatewaysItemGateway
    gateway_name: str
    mode: GatewayStatusGatewaysItemMode
    status: GatewayStatusGatewaysItemStatus
    since: datetime.datetime | None
    evaluated_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        gateway = self.gateway.value

        gateway_name = self.gateway_name

        mode = self.mode.value

        status = self.status.value

        since: None | str
        if isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since

        evaluated_at: None | str
        if isinstance(self.evaluated_at, datetime.datetime):
            evaluated_at = self.evaluated_at.isoformat()
        else:
            evaluated_at = self.evaluated_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "gateway": gateway,
                "gatewayName": gateway_name,
                "mode": mode,
                "status": status,
                "since": since,
                "evaluatedAt": evaluated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        gateway = GatewayStatusGatewaysItemGateway(d.pop("gateway"))

        gateway_name = d.pop("gatewayName")

        mode = GatewayStatusGatewaysItemMode(d.pop("mode"))

        status = GatewayStatusGatewaysItemStatus(d.pop("status"))

        def _parse_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.datetime.fromisoformat(data)

                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        since = _parse_since(d.pop("since"))

        def _parse_evaluated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                evaluated_at_type_0 = datetime.datetime.fromisoformat(data)

                return evaluated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        evaluated_at = _parse_evaluated_at(d.pop("evaluatedAt"))

        gateway_status_gateways_item = cls(
            gateway=gateway,
            gateway_name=gateway_name,
            mode=mode,
            status=status,
            since=since,
            evaluated_at=evaluated_at,
        )

        return gateway_status_gateways_item
