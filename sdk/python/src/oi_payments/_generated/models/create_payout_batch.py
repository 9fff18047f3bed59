from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.create_payout_batch_line import CreatePayoutBatchLine


T = TypeVar("T", bound="CreatePayoutBatch")


@_attrs_define
class CreatePayoutBatch:
    """
    Attributes:
        lines (list[CreatePayoutBatchLine]): 1 to 5000 lines, each a payout's body with its own lineReference
    """

    lines: list[CreatePayoutBatchLine]

    def to_dict(self) -> dict[str, Any]:
        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_payout_batch_line import CreatePayoutBatchLine

        d = dict(src_dict)
        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = CreatePayoutBatchLine.from_dict(lines_item_data)

            lines.append(lines_item)

        create_payout_batch = cls(
            lines=lines,
        )

        return create_payout_batch
