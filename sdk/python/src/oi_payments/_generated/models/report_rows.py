from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.report_rows_rows_item import ReportRowsRowsItem


T = TypeVar("T", bound="ReportRows")


@_attrs_define
class ReportRows:
    """
    Attributes:
        columns (list[str]): The file's header, in order
        rows (list[ReportRowsRowsItem]): The rows from `offset`, each keyed by column: whole numbers for ids, counts and
            `*_minor` amounts; text otherwise (decimal amounts, dates, references); null for an empty cell
    """

    columns: list[str]
    rows: list[ReportRowsRowsItem]

    def to_dict(self) -> dict[str, Any]:
        columns = self.columns

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "columns": columns,
                "rows": rows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.report_rows_rows_item import ReportRowsRowsItem

        d = dict(src_dict)
        columns = cast(list[str], d.pop("columns"))

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = ReportRowsRowsItem.from_dict(rows_item_data)

            rows.append(rows_item)

        report_rows = cls(
            columns=columns,
            rows=rows,
        )

        return report_rows
