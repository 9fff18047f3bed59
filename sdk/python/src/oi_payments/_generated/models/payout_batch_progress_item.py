from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.payout_batch_progress_item_status import PayoutBatchProgressItemStatus

T = TypeVar("T", bound="PayoutBatchProgressItem")


@_attrs_define
class PayoutBatchProgressItem:
    """
    Attributes:
        status (PayoutBatchProgressItemStatus):
        count (int):
        total_minor (int):
    """

    status: PayoutBatchProgressItemStatus
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
        status = PayoutBatchProgressItemStatus(d.pop("status"))

        count = d.pop("count")

        total_minor = d.pop("totalMinor")

        payout_batch_progress_item = cls(
            status=status,
            count=count,
            total_minor=total_minor,
        )

        return payout_batch_progress_item
