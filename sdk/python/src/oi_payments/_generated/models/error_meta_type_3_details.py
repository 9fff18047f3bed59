from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType3Details")


@_attrs_define
class ErrorMetaType3Details:
    """What the beneficiary's rail pays in one transfer

    Attributes:
        rail (str):
        min_amount_minor (int):
        max_amount_minor (int):
    """

    rail: str
    min_amount_minor: int
    max_amount_minor: int

    def to_dict(self) -> dict[str, Any]:
        rail = self.rail

        min_amount_minor = self.min_amount_minor

        max_amount_minor = self.max_amount_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rail": rail,
                "minAmountMinor": min_amount_minor,
                "maxAmountMinor": max_amount_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        rail = d.pop("rail")

        min_amount_minor = d.pop("minAmountMinor")

        max_amount_minor = d.pop("maxAmountMinor")

        error_meta_type_3_details = cls(
            rail=rail,
            min_amount_minor=min_amount_minor,
            max_amount_minor=max_amount_minor,
        )

        return error_meta_type_3_details
