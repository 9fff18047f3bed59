from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorMetaType0DetailsItem")


@_attrs_define
class ErrorMetaType0DetailsItem:
    """
    Attributes:
        field (str):
        message (str):
        code (str | Unset):
    """

    field: str
    message: str
    code: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        message = self.message

        code = self.code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "field": field,
                "message": message,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        field = d.pop("field")

        message = d.pop("message")

        code = d.pop("code", UNSET)

        error_meta_type_0_details_item = cls(
            field=field,
            message=message,
            code=code,
        )

        return error_meta_type_0_details_item
