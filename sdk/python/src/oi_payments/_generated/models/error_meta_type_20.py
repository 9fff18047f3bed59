from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_20_error_code import ErrorMetaType20ErrorCode

T = TypeVar("T", bound="ErrorMetaType20")


@_attrs_define
class ErrorMetaType20:
    """
    Attributes:
        success (bool):
        timestamp (datetime.datetime):
        request_id (str):
        error_code (ErrorMetaType20ErrorCode):
        message (str):
    """

    success: bool
    timestamp: datetime.datetime
    request_id: str
    error_code: ErrorMetaType20ErrorCode
    message: str

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        timestamp = self.timestamp.isoformat()

        request_id = self.request_id

        error_code = self.error_code.value

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "success": success,
                "timestamp": timestamp,
                "requestId": request_id,
                "errorCode": error_code,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        success = d.pop("success")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        request_id = d.pop("requestId")

        error_code = ErrorMetaType20ErrorCode(d.pop("errorCode"))

        message = d.pop("message")

        error_meta_type_20 = cls(
            success=success,
            timestamp=timestamp,
            request_id=request_id,
            error_code=error_code,
            message=message,
        )

        return error_meta_type_20
