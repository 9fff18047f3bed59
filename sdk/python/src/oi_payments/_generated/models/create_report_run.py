from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.create_report_run_format import CreateReportRunFormat
from ..models.create_report_run_type import CreateReportRunType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateReportRun")


@_attrs_define
class CreateReportRun:
    """
    Attributes:
        type_ (CreateReportRunType): What the report holds
        from_ (datetime.date): The first day (YYYY-MM-DD, a day in the company's time zone, COMPANY_TIME_ZONE), included
        to (datetime.date): The last day (YYYY-MM-DD, a day in the company's time zone, COMPANY_TIME_ZONE), included
        format_ (CreateReportRunFormat | Unset): The file's format; the rows are the same in both Default:
            CreateReportRunFormat.CSV.
    """

    type_: CreateReportRunType
    from_: datetime.date
    to: datetime.date
    format_: CreateReportRunFormat | Unset = CreateReportRunFormat.CSV

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "from": from_,
                "to": to,
            }
        )
        if format_ is not UNSET:
            field_dict["format"] = format_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = CreateReportRunType(d.pop("type"))

        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        _format_ = d.pop("format", UNSET)
        format_: CreateReportRunFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = CreateReportRunFormat(_format_)

        create_report_run = cls(
            type_=type_,
            from_=from_,
            to=to,
            format_=format_,
        )

        return create_report_run
