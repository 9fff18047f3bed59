from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="CreatePayoutBatch")


@_attrs_define
class CreatePayoutBatch:
    """
    Attributes:
        lines (list[Any]): 1 to 5000 lines, each a payout's body with its own lineReference
    """

    lines: list[Any]

    def to_dict(self) -> dict[str, Any]:
        lines = self.lines

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "lines": lines,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        lines = cast(list[Any], d.pop("lines"))

        create_payout_batch = cls(
            lines=lines,
        )

        return create_payout_batch
