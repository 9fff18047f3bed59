from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.gateway_status_recent_changes_item_gateway import (
    GatewayStatusRecentChangesItemGateway,
)
from ..models.gateway_status_recent_changes_item_mode import (
    GatewayStatusRecentChangesItemMode,
)
from ..models.gateway_status_recent_changes_item_previous_status import (
    GatewayStatusRecentChangesItemPreviousStatus,
)
from ..models.gateway_status_recent_changes_item_status import (
    GatewayStatusRecentChangesItemStatus,
)

T = TypeVar("T", bound="GatewayStatusRecentChangesItem")


@_attrs_define
class GatewayStatusRecentChangesItem:
    """
    Attributes:
        gateway (GatewayStatusRecentChangesItemGateway):
        gateway_name (str):
        mode (GatewayStatusRecentChangesItemMode):
        previous_status (GatewayStatusRecentChangesItemPreviousStatus): OPERATIONAL; DEGRADED (many of our calls failed
            lately: the checkout shows it last); DOWN (most failed: the checkout shows it last and does not let customers
            choose it); MAINTENANCE (an announced window: as DOWN)
        status (GatewayStatusRecentChangesItemStatus): OPERATIONAL; DEGRADED (many of our calls failed lately: the
            checkout shows it last); DOWN (most failed: the checkout shows it last and does not let customers choose it);
            MAINTENANCE (an announced window: as DOWN)
        reason (str):
        changed_at (datetime.datetime):
    """

    gateway: GatewayStatusRecentChangesItemGateway
    gateway_name: str
    mode: GatewayStatusRecentChangesItemMode
    previous_status: GatewayStatusRecentChangesItemPreviousStatus
    status: GatewayStatusRecentChangesItemStatus
    reason: str
    changed_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        gateway = self.gateway.value

        gateway_name = self.gateway_name

        mode = self.mode.value

        previous_status = self.previous_status.value

        status = self.status.value

        reason = self.reason

        changed_at = self.changed_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "gateway": gateway,
                "gatewayName": gateway_name,
                "mode": mode,
                "previousStatus": previous_status,
                "status": status,
                "reason": reason,
                "changedAt": changed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        gateway = GatewayStatusRecentChangesItemGateway(d.pop("gateway"))

        gateway_name = d.pop("gatewayName")

        mode = GatewayStatusRecentChangesItemMode(d.pop("mode"))

        previous_status = GatewayStatusRecentChangesItemPreviousStatus(
            d.pop("previousStatus")
        )

        status = GatewayStatusRecentChangesItemStatus(d.pop("status"))

        reason = d.pop("reason")

        changed_at = datetime.datetime.fromisoformat(d.pop("changedAt"))

        gateway_status_recent_changes_item = cls(
            gateway=gateway,
            gateway_name=gateway_name,
            mode=mode,
            previous_status=previous_status,
            status=status,
            reason=reason,
            changed_at=changed_at,
        )

        return gateway_status_recent_changes_item
