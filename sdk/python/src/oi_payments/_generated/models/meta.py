from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="Meta")


@_attrs_define
class Meta:
    """A successful answer's meta

    Attributes:
        success (bool):
        timestamp (datetime.datetime):
        request_id (str):
    """

    success: bool
    timestamp: datetime.datetime
    request_id: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        timestamp = self.timestamp.isoformat()

        request_id = self.request_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "timestamp": timestamp,
                "requestId": request_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        success = d.pop("success")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        request_id = d.pop("requestId")

        meta = cls(
            success=success,
            timestamp=timestamp,
            request_id=request_id,
        )

        return meta
