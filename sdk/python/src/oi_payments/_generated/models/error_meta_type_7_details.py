from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_7_details_mode import ErrorMetaType7DetailsMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorMetaType7Details")


@_attrs_define
class ErrorMetaType7Details:
    """The destination's rail, and the mode it is not configured in or the amounts it pays

    Attributes:
        rail (str):
        mode (ErrorMetaType7DetailsMode | Unset):
        min_amount_minor (int | Unset):
        max_amount_minor (int | Unset):
    """

    rail: str
    mode: ErrorMetaType7DetailsMode | Unset = UNSET
    min_amount_minor: int | Unset = UNSET
    max_amount_minor: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        rail = self.rail

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        min_amount_minor = self.min_amount_minor

        max_amount_minor = self.max_amount_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rail": rail,
            }
        )
        if mode is not UNSET:
            field_dict["mode"] = mode
        if min_amount_minor is not UNSET:
            field_dict["minAmountMinor"] = min_amount_minor
        if max_amount_minor is not UNSET:
            field_dict["maxAmountMinor"] = max_amount_minor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        rail = d.pop("rail")

        _mode = d.pop("mode", UNSET)
        mode: ErrorMetaType7DetailsMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = ErrorMetaType7DetailsMode(_mode)

        min_amount_minor = d.pop("minAmountMinor", UNSET)

        max_amount_minor = d.pop("maxAmountMinor", UNSET)

        error_meta_type_7_details = cls(
            rail=rail,
            mode=mode,
            min_amount_minor=min_amount_minor,
            max_amount_minor=max_amount_minor,
        )

        return error_meta_type_7_details
