from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType10Details")


@_attrs_define
class ErrorMetaType10Details:
    """The file's first problem

    Attributes:
        row (int): 1-based; the header is row 1
        column (None | str):
        problem (str):
    """

    row: int
    column: None | str
    problem: str

    def to_dict(self) -> dict[str, Any]:
        row = self.row

        column: None | str
        column = self.column

        problem = self.problem

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "row": row,
                "column": column,
                "problem": problem,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        row = d.pop("row")

        def _parse_column(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        column = _parse_column(d.pop("column"))

        problem = d.pop("problem")

        error_meta_type_10_details = cls(
            row=row,
            column=column,
            problem=problem,
        )

        return error_meta_type_10_details
