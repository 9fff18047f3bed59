from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_5_details_lines_item_error_code import (
    ErrorMetaType5DetailsLinesItemErrorCode,
)

T = TypeVar("T", bound="ErrorMetaType5DetailsLinesItem")


@_attrs_define
class ErrorMetaType5DetailsLinesItem:
    """
    Attributes:
        line (int): 1-based, in the order sent (the first line under a file’s header is 1)
        line_reference (None | str):
        error_code (ErrorMetaType5DetailsLinesItemErrorCode):
        field (None | str):
        message (str):
    """

    line: int
    line_reference: None | str
    error_code: ErrorMetaType5DetailsLinesItemErrorCode
    field: None | str
    message: str

    def to_dict(self) -> dict[str, Any]:
        line = self.line

        line_reference: None | str
        line_reference = self.line_reference

        error_code = self.error_code.value

        field: None | str
        field = self.field

        message = self.message

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "line": line,
                "lineReference": line_reference,
                "errorCode": error_code,
                "field": field,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        line = d.pop("line")

        def _parse_line_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        line_reference = _parse_line_reference(d.pop("lineReference"))

        error_code = ErrorMetaType5DetailsLinesItemErrorCode(d.pop("errorCode"))

        def _parse_field(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        field = _parse_field(d.pop("field"))

        message = d.pop("message")

        error_meta_type_5_details_lines_item = cls(
            line=line,
            line_reference=line_reference,
            error_code=error_code,
            field=field,
            message=message,
        )

        return error_meta_type_5_details_lines_item
