from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType9Details")


@_attrs_define
class ErrorMetaType9Details:
    """
    Attributes:
        payable_minor (int): The most a new payment may be for, counting payments still in progress
        outstanding_minor (int): What the invoice lacks
        in_flight_minor (int): Payments for it still in progress
    """

    payable_minor: int
    outstanding_minor: int
    in_flight_minor: int

    def to_dict(self) -> dict[str, Any]:
        payable_minor = self.payable_minor

        outstanding_minor = self.outstanding_minor

        in_flight_minor = self.in_flight_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payableMinor": payable_minor,
                "outstandingMinor": outstanding_minor,
                "inFlightMinor": in_flight_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        payable_minor = d.pop("payableMinor")

        outstanding_minor = d.pop("outstandingMinor")

        in_flight_minor = d.pop("inFlightMinor")

        error_meta_type_9_details = cls(
            payable_minor=payable_minor,
            outstanding_minor=outstanding_minor,
            in_flight_minor=in_flight_minor,
        )

        return error_meta_type_9_details
