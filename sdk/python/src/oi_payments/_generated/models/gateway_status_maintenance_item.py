from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.gateway_status_maintenance_item_gateway import (
    GatewayStatusMaintenanceItemGateway,
)
from ..models.gateway_status_maintenance_item_mode import (
    GatewayStatusMaintenanceItemMode,
)

T = TypeVar("T", bound="GatewayStatusMaintenanceItem")


@_attrs_define
class GatewayStatusMaintenanceItem:
    """
    Attributes:
        id (int):
        gateway (GatewayStatusMaintenanceItemGateway):
        gateway_name (str):
        mode (GatewayStatusMaintenanceItemMode):
        starts_at (datetime.datetime):
        ends_at (datetime.datetime):
        note (str):
        in_force (bool): Whether the window is open now
    """

    id: int
    gateway: GatewayStatusMaintenanceItemGateway
    gateway_name: str
    mode: GatewayStatusMaintenanceItemMode
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    note: str
    in_force: bool

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        gateway = self.gateway.value

        gateway_name = self.gateway_name

        mode = self.mode.value

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        note = self.note

        in_force = self.in_force

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "gateway": gateway,
                "gatewayName": gateway_name,
                "mode": mode,
                "startsAt": starts_at,
                "endsAt": ends_at,
                "note": note,
                "inForce": in_force,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        gateway = GatewayStatusMaintenanceItemGateway(d.pop("gateway"))

        gateway_name = d.pop("gatewayName")

        mode = GatewayStatusMaintenanceItemMode(d.pop("mode"))

        starts_at = datetime.datetime.fromisoformat(d.pop("startsAt"))

        ends_at = datetime.datetime.fromisoformat(d.pop("endsAt"))

        note = d.pop("note")

        in_force = d.pop("inForce")

        gateway_status_maintenance_item = cls(
            id=id,
            gateway=gateway,
            gateway_name=gateway_name,
            mode=mode,
            starts_at=starts_at,
            ends_at=ends_at,
            note=note,
            in_force=in_force,
        )

        return gateway_status_maintenance_item
