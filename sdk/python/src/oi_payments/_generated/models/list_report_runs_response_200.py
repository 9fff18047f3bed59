from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.list_report_runs_response_200_data import (
        ListReportRunsResponse200Data,
    )
    from ..models.meta import Meta
    from ..models.pagination import Pagination


T = TypeVar("T", bound="ListReportRunsResponse200")


@_attrs_define
class ListReportRunsResponse200:
    """
    Attributes:
        data (ListReportRunsResponse200Data):
        meta (Meta): A successful answer's meta
        pagination (Pagination):
    """

    data: ListReportRunsResponse200Data
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
        from ..models.list_report_runs_response_200_data import (
            ListReportRunsResponse200Data,
        )
        from ..models.meta import Meta
        from ..models.pagination import Pagination

        d = dict(src_dict)
        data = ListReportRunsResponse200Data.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        pagination = Pagination.from_dict(d.pop("pagination"))

        list_report_runs_response_200 = cls(
            data=data,
            meta=meta,
            pagination=pagination,
        )

        return list_report_runs_response_200
