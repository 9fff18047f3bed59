from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_4_details_mode import ErrorMetaType4DetailsMode

T = TypeVar("T", bound="ErrorMetaType4Details")


@_attrs_define
class ErrorMetaType4Details:
    """The rail the beneficiary needs, and the mode it is not configured in (RAIL_NOT_CONFIGURED) or operators switched it
    off in (RAIL_SWITCHED_OFF)

        Attributes:
            rail (str):
            mode (ErrorMetaType4DetailsMode):
    """

    rail: str
    mode: ErrorMetaType4DetailsMode

    def to_dict(self) -> dict[str, Any]:
        rail = self.rail

        mode = self.mode.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rail": rail,
                "mode": mode,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        rail = d.pop("rail")

        mode = ErrorMetaType4DetailsMode(d.pop("mode"))

        error_meta_type_4_details = cls(
            rail=rail,
            mode=mode,
        )

        return error_meta_type_4_details
