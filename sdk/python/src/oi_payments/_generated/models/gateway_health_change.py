from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.gateway_health_change_gateway import GatewayHealthChangeGateway
from ..models.gateway_health_change_mode import GatewayHealthChangeMode
from ..models.gateway_health_change_previous_status import (
    GatewayHealthChangePreviousStatus,
)
from ..models.gateway_health_change_status import GatewayHealthChangeStatus

if TYPE_CHECKING:
    from ..models.gateway_health_window import GatewayHealthWindow
    from ..models.gateway_maintenance_notice import GatewayMaintenanceNotice


T = TypeVar("T", bound="GatewayHealthChange")


@_attrs_define
class GatewayHealthChange:
    """
    Attributes:
        gateway (GatewayHealthChangeGateway):
        gateway_name (str):
        mode (GatewayHealthChangeMode): The mode whose health changed (the event's own mode)
        status (GatewayHealthChangeStatus): OPERATIONAL; DEGRADED (many of our calls failed lately: the checkout shows
            it last); DOWN (most failed: the checkout shows it last and does not let customers choose it); MAINTENANCE (an
            announced window: as DOWN)
        previous_status (GatewayHealthChangePreviousStatus): OPERATIONAL; DEGRADED (many of our calls failed lately: the
            checkout shows it last); DOWN (most failed: the checkout shows it last and does not let customers choose it);
            MAINTENANCE (an announced window: as DOWN)
        reason (str): Why, in words: the window’s failed calls, or the maintenance
        changed_at (datetime.datetime):
        window (GatewayHealthWindow):
        maintenance (GatewayMaintenanceNotice | None): The maintenance window, when status is MAINTENANCE
    """

    gateway: GatewayHealthChangeGateway
    gateway_name: str
    mode: GatewayHealthChangeMode
    status: GatewayHealthChangeStatus
    previous_status: GatewayHealthChangePreviousStatus
    reason: str
    changed_at: datetime.datetime
    window: GatewayHealthWindow
    maintenance: GatewayMaintenanceNotice | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.gateway_maintenance_notice import GatewayMaintenanceNotice

        gateway = self.gateway.value

        gateway_name = self.gateway_name

        mode = self.mode.value

        status = self.status.value

        previous_status = self.previous_status.value

        reason = self.reason

        changed_at = self.changed_at.isoformat()

        window = self.window.to_dict()

        maintenance: dict[str, Any] | None
        if isinstance(self.maintenance, GatewayMaintenanceNotice):
            maintenance = self.maintenance.to_dict()
        else:
            maintenance = self.maintenance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "gateway": gateway,
                "gatewayName": gateway_name,
                "mode": mode,
                "status": status,
                "previousStatus": previous_status,
                "reason": reason,
                "changedAt": changed_at,
                "window": window,
                "maintenance": maintenance,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_health_window import GatewayHealthWindow
        from ..models.gateway_maintenance_notice import GatewayMaintenanceNotice

        d = dict(src_dict)
        gateway = GatewayHealthChangeGateway(d.pop("gateway"))

        gateway_name = d.pop("gatewayName")

        mode = GatewayHealthChangeMode(d.pop("mode"))

        status = GatewayHealthChangeStatus(d.pop("status"))

        previous_status = GatewayHealthChangePreviousStatus(d.pop("previousStatus"))

        reason = d.pop("reason")

        changed_at = datetime.datetime.fromisoformat(d.pop("changedAt"))

        window = GatewayHealthWindow.from_dict(d.pop("window"))

        def _parse_maintenance(data: object) -> GatewayMaintenanceNotice | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                maintenance_type_0 = GatewayMaintenanceNotice.from_dict(data)

                return maintenance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GatewayMaintenanceNotice | None, data)

        maintenance = _parse_maintenance(d.pop("maintenance"))

        gateway_health_change = cls(
            gateway=gateway,
            gateway_name=gateway_name,
            mode=mode,
            status=status,
            previous_status=previous_status,
            reason=reason,
            changed_at=changed_at,
            window=window,
            maintenance=maintenance,
        )

        return gateway_health_change
