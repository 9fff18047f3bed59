from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.meta import Meta
    from ..models.report_run import ReportRun


T = TypeVar("T", bound="GetReportRunResponse200")


@_attrs_define
class GetReportRunResponse200:
    """
    Attributes:
        data (ReportRun):
        meta (Meta): A successful answer's meta
    """

    data: ReportRun
    meta: Meta

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.meta import Meta
        from ..models.report_run import ReportRun

        d = dict(src_dict)
        data = ReportRun.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        get_report_run_response_200 = cls(
            data=data,
            meta=meta,
        )

        return get_report_run_response_200
