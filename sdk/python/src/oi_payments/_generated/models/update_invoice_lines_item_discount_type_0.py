from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="UpdateInvoiceLinesItemDiscountType0")


@_attrs_define
class UpdateInvoiceLinesItemDiscountType0:
    """
    Attributes:
        type_ (Literal['PERCENT']):
        basis_points (int): Discount in basis points of the line (1000 = 10 %)
    """

    type_: Literal["PERCENT"]
    basis_points: int

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        basis_points = self.basis_points

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "basisPoints": basis_points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["PERCENT"], d.pop("type"))
        if type_ != "PERCENT":
            raise ValueError(f"type must match const 'PERCENT', got '{type_}'")

        basis_points = d.pop("basisPoints")

        update_invoice_lines_item_discount_type_0 = cls(
            type_=type_,
            basis_points=basis_points,
        )

        return update_invoice_lines_item_discount_type_0
