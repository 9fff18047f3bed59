from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.report_run_format import ReportRunFormat
from ..models.report_run_mode import ReportRunMode
from ..models.report_run_type import ReportRunType

if TYPE_CHECKING:
    from ..models.report_run_delivery import ReportRunDelivery
    from ..models.report_run_filters import ReportRunFilters


T = TypeVar("T", bound="ReportRun")


@_attrs_define
class ReportRun:
    """
    Attributes:
        id (str): The run's id
        type_ (ReportRunType): What the report holds
        format_ (ReportRunFormat): The file's format as asked for; either can be downloaded
        mode (ReportRunMode): The mode of the money it reports
        app_id (int | None): The app whose money it reports
        from_ (datetime.date): The first day (in the company's time zone), included
        to (datetime.date): The last day, included
        filters (ReportRunFilters): Filters beyond the period; empty for a run an app makes
        row_count (int): Rows in the file, below its header
        columns (list[str]): The file's header: the rows' keys, in order
        file_name (str): The name the file is downloaded under, in the run’s format
        sha256 (str): SHA-256 of the CSV file's bytes: the same on every download
        requested_by (str): Who ran it: the app and key, or the schedule
        schedule_id (int | None): The schedule that ran it; null for a run an app asked for
        delivery (ReportRunDelivery): How a scheduled run was sent (email or SFTP); NONE for a run an app asked for
        created_at (datetime.datetime): When it ran: its rows are the books as they were then
        expires_at (datetime.datetime): Until when it can be read and downloaded (90 days after it ran)
    """

    id: str
    type_: ReportRunType
    format_: ReportRunFormat
    mode: ReportRunMode
    app_id: int | None
    from_: datetime.date
    to: datetime.date
    filters: ReportRunFilters
    row_count: int
    columns: list[str]
    file_name: str
    sha256: str
    requested_by: str
    schedule_id: int | None
    delivery: ReportRunDelivery
    created_at: datetime.datetime
    expires_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_.value

        format_ = self.format_.value

        mode = self.mode.value

        app_id: int | None
        app_id = self.app_id

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        filters = self.filters.to_dict()

        row_count = self.row_count

        columns = self.columns

        file_name = self.file_name

        sha256 = self.sha256

        requested_by = self.requested_by

        schedule_id: int | None
        schedule_id = self.schedule_id

        delivery = self.delivery.to_dict()

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "type": type_,
                "format": format_,
                "mode": mode,
                "appId": app_id,
                "from": from_,
                "to": to,
                "filters": filters,
                "rowCount": row_count,
                "columns": columns,
                "fileName": file_name,
                "sha256": sha256,
                "requestedBy": requested_by,
                "scheduleId": schedule_id,
                "delivery": delivery,
                "createdAt": created_at,
                "expiresAt": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.report_run_delivery import ReportRunDelivery
        from ..models.report_run_filters import ReportRunFilters

        d = dict(src_dict)
        id = d.pop("id")

        type_ = ReportRunType(d.pop("type"))

        format_ = ReportRunFormat(d.pop("format"))

        mode = ReportRunMode(d.pop("mode"))

        def _parse_app_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        app_id = _parse_app_id(d.pop("appId"))

        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        filters = ReportRunFilters.from_dict(d.pop("filters"))

        row_count = d.pop("rowCount")

        columns = cast(list[str], d.pop("columns"))

        file_name = d.pop("fileName")

        sha256 = d.pop("sha256")

        requested_by = d.pop("requestedBy")

        def _parse_schedule_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        schedule_id = _parse_schedule_id(d.pop("scheduleId"))

        delivery = ReportRunDelivery.from_dict(d.pop("delivery"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        report_run = cls(
            id=id,
            type_=type_,
            format_=format_,
            mode=mode,
            app_id=app_id,
            from_=from_,
            to=to,
            filters=filters,
            row_count=row_count,
            columns=columns,
            file_name=file_name,
            sha256=sha256,
            requested_by=requested_by,
            schedule_id=schedule_id,
            delivery=delivery,
            created_at=created_at,
            expires_at=expires_at,
        )

        return report_run
