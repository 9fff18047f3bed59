from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.report_run_delivery_status import ReportRunDeliveryStatus

T = TypeVar("T", bound="ReportRunDelivery")


@_attrs_define
class ReportRunDelivery:
    """How a scheduled run was sent (email or SFTP); NONE for a run an app asked for

    Attributes:
        status (ReportRunDeliveryStatus):
        delivered_at (datetime.datetime | None):
        detail (None | str):
    """

    status: ReportRunDeliveryStatus
    delivered_at: datetime.datetime | None
    detail: None | str

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        detail: None | str
        detail = self.detail

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "deliveredAt": delivered_at,
                "detail": detail,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = ReportRunDeliveryStatus(d.pop("status"))

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("deliveredAt"))

        def _parse_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        detail = _parse_detail(d.pop("detail"))

        report_run_delivery = cls(
            status=status,
            delivered_at=delivered_at,
            detail=detail,
        )

        return report_run_delivery
