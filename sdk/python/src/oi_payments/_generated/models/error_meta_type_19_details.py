from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_19_details_mode import ErrorMetaType19DetailsMode

T = TypeVar("T", bound="ErrorMetaType19Details")


@_attrs_define
class ErrorMetaType19Details:
    """The mode the app's payouts are off in

    Attributes:
        mode (ErrorMetaType19DetailsMode):
    """

    mode: ErrorMetaType19DetailsMode

    def to_dict(self) -> dict[str, Any]:
        mode = self.mode.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mode": mode,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        mode = ErrorMetaType19DetailsMode(d.pop("mode"))

        error_meta_type_19_details = cls(
            mode=mode,
        )

        return error_meta_type_19_details
