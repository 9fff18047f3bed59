from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.payout_status_summary_item_status import PayoutStatusSummaryItemStatus

T = TypeVar("T", bound="PayoutStatusSummaryItem")


@_attrs_define
class PayoutStatusSummaryItem:
    """
    Attributes:
        status (PayoutStatusSummaryItemStatus):
        count (int):
        total_minor (int):
    """

    status: PayoutStatusSummaryItemStatus
    count: int
    total_minor: int

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        count = self.count

        total_minor = self.total_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "count": count,
                "totalMinor": total_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = PayoutStatusSummaryItemStatus(d.pop("status"))

        count = d.pop("count")

        total_minor = d.pop("totalMinor")

        payout_status_summary_item = cls(
            status=status,
            count=count,
            total_minor=total_minor,
        )

        return payout_status_summary_item
