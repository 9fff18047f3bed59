from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType1Details")


@_attrs_define
class ErrorMetaType1Details:
    """
    Attributes:
        refundable_minor (int): What can still be refunded on the payment
    """

    refundable_minor: int

    def to_dict(self) -> dict[str, Any]:
        refundable_minor = self.refundable_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "refundableMinor": refundable_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        refundable_minor = d.pop("refundableMinor")

        error_meta_type_1_details = cls(
            refundable_minor=refundable_minor,
        )

        return error_meta_type_1_details
