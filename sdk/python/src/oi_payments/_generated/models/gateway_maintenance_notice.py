from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="GatewayMaintenanceNotice")


@_attrs_define
class GatewayMaintenanceNotice:
    """
    Attributes:
        id (int):
        starts_at (datetime.datetime):
        ends_at (datetime.datetime):
        note (str):
    """

    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    note: str

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "startsAt": starts_at,
                "endsAt": ends_at,
                "note": note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        starts_at = datetime.datetime.fromisoformat(d.pop("startsAt"))

        ends_at = datetime.datetime.fromisoformat(d.pop("endsAt"))

        note = d.pop("note")

        gateway_maintenance_notice = cls(
            id=id,
            starts_at=starts_at,
            ends_at=ends_at,
            note=note,
        )

        return gateway_maintenance_notice
