from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.gateway_status_gateways_item import GatewayStatusGatewaysItem
    from ..models.gateway_status_maintenance_item import GatewayStatusMaintenanceItem
    from ..models.gateway_status_recent_changes_item import (
        GatewayStatusRecentChangesItem,
    )


T = TypeVar("T", bound="GatewayStatus")


@_attrs_define
class GatewayStatus:
    """
    Attributes:
        generated_at (datetime.datetime):
        gateways (list[GatewayStatusGatewaysItem]):
        maintenance (list[GatewayStatusMaintenanceItem]): Windows in force or to come, soonest first
        recent_changes (list[GatewayStatusRecentChangesItem]): Changes of the last 7 days, newest first (at most 50)
    """

    generated_at: datetime.datetime
    gateways: list[GatewayStatusGatewaysItem]
    maintenance: list[GatewayStatusMaintenanceItem]
    recent_changes: list[GatewayStatusRecentChangesItem]

    def to_dict(self) -> dict[str, Any]:
        generated_at = self.generated_at.isoformat()

        gateways = []
        for gateways_item_data in self.gateways:
            gateways_item = gateways_item_data.to_dict()
            gateways.append(gateways_item)

        maintenance = []
        for maintenance_item_data in self.maintenance:
            maintenance_item = maintenance_item_data.to_dict()
            maintenance.append(maintenance_item)

        recent_changes = []
        for recent_changes_item_data in self.recent_changes:
            recent_changes_item = recent_changes_item_data.to_dict()
            recent_changes.append(recent_changes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "generatedAt": generated_at,
                "gateways": gateways,
                "maintenance": maintenance,
                "recentChanges": recent_changes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_status_gateways_item import GatewayStatusGatewaysItem
        from ..models.gateway_status_maintenance_item import (
            GatewayStatusMaintenanceItem,
        )
        from ..models.gateway_status_recent_changes_item import (
            GatewayStatusRecentChangesItem,
        )

        d = dict(src_dict)
        generated_at = datetime.datetime.fromisoformat(d.pop("generatedAt"))

        gateways = []
        _gateways = d.pop("gateways")
        for gateways_item_data in _gateways:
            gateways_item = GatewayStatusGatewaysItem.from_dict(gateways_item_data)

            gateways.append(gateways_item)

        maintenance = []
        _maintenance = d.pop("maintenance")
        for maintenance_item_data in _maintenance:
            maintenance_item = GatewayStatusMaintenanceItem.from_dict(
                maintenance_item_data
            )

            maintenance.append(maintenance_item)

        recent_changes = []
        _recent_changes = d.pop("recentChanges")
        for recent_changes_item_data in _recent_changes:
            recent_changes_item = GatewayStatusRecentChangesItem.from_dict(
                recent_changes_item_data
            )

            recent_changes.append(recent_changes_item)

        gateway_status = cls(
            generated_at=generated_at,
            gateways=gateways,
            maintenance=maintenance,
            recent_changes=recent_changes,
        )

        return gateway_status
