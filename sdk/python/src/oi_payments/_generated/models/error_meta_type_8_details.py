from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType8Details")


@_attrs_define
class ErrorMetaType8Details:
    """
    Attributes:
        payments_in_flight (int):
    """

    payments_in_flight: int

    def to_dict(self) -> dict[str, Any]:
        payments_in_flight = self.payments_in_flight

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "paymentsInFlight": payments_in_flight,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        payments_in_flight = d.pop("paymentsInFlight")

        error_meta_type_8_details = cls(
            payments_in_flight=payments_in_flight,
        )

        return error_meta_type_8_details
