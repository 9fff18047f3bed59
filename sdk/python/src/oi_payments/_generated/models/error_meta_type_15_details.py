from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType15Details")


@_attrs_define
class ErrorMetaType15Details:
    """
    Attributes:
        retry_after_seconds (int):
    """

    retry_after_seconds: int

    def to_dict(self) -> dict[str, Any]:
        retry_after_seconds = self.retry_after_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "retryAfterSeconds": retry_after_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        retry_after_seconds = d.pop("retryAfterSeconds")

        error_meta_type_15_details = cls(
            retry_after_seconds=retry_after_seconds,
        )

        return error_meta_type_15_details
