from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType12Details")


@_attrs_define
class ErrorMetaType12Details:
    """
    Attributes:
        limit (int): Endpoints an app may have per mode
    """

    limit: int

    def to_dict(self) -> dict[str, Any]:
        limit = self.limit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "limit": limit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        limit = d.pop("limit")

        error_meta_type_12_details = cls(
            limit=limit,
        )

        return error_meta_type_12_details
