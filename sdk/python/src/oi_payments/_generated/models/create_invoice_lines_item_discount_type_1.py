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

T = TypeVar("T", bound="CreateInvoiceLinesItemDiscountType1")


@_attrs_define
class CreateInvoiceLinesItemDiscountType1:
    """
    Attributes:
        type_ (Literal['AMOUNT']):
        amount_minor (int): Discount off the line, integer minor units
    """

    type_: Literal["AMOUNT"]
    amount_minor: int

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        amount_minor = self.amount_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "amountMinor": amount_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["AMOUNT"], d.pop("type"))
        if type_ != "AMOUNT":
            raise ValueError(f"type must match const 'AMOUNT', got '{type_}'")

        amount_minor = d.pop("amountMinor")

        create_invoice_lines_item_discount_type_1 = cls(
            type_=type_,
            amount_minor=amount_minor,
        )

        return create_invoice_lines_item_discount_type_1
