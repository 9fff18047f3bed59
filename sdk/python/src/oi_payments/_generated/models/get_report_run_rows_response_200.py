from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.meta import Meta
    from ..models.pagination import Pagination
    from ..models.report_rows import ReportRows


T = TypeVar("T", bound="GetReportRunRowsResponse200")


@_attrs_define
class GetReportRunRowsResponse200:
    """
    Attributes:
        data (ReportRows):
        meta (Meta): A successful answer's meta
        pagination (Pagination):
    """

    data: ReportRows
    meta: Meta
    pagination: Pagination

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        meta = self.meta.to_dict()

        pagination = self.pagination.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "meta": meta,
                "pagination": pagination,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.meta import Meta
        from ..models.pagination import Pagination
        from ..models.report_rows import ReportRows

        d = dict(src_dict)
        data = ReportRows.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        pagination = Pagination.from_dict(d.pop("pagination"))

        get_report_run_rows_response_200 = cls(
            data=data,
            meta=meta,
            pagination=pagination,
        )

        return get_report_run_rows_response_200
