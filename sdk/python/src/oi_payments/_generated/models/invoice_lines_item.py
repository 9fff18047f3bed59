from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.invoice_lines_item_discount_type_1_type_0 import (
        InvoiceLinesItemDiscountType1Type0,
    )
    from ..models.invoice_lines_item_discount_type_1_type_1 import (
        InvoiceLinesItemDiscountType1Type1,
    )


T = TypeVar("T", bound="InvoiceLinesItem")


@_attrs_define
class InvoiceLinesItem:
    """
    Attributes:
        position (int):
        description (str):
        quantity (int):
        unit_amount_minor (int):
        tax_rate_basis_points (int):
        discount (InvoiceLinesItemDiscountType1Type0 | InvoiceLinesItemDiscountType1Type1 | None): The discount the line
            was given, as asked for; null for none
        gross_minor (int):
        discount_minor (int):
        tax_minor (int):
        total_minor (int):
    """

    position: int
    description: str
    quantity: int
    unit_amount_minor: int
    tax_rate_basis_points: int
    discount: (
        InvoiceLinesItemDiscountType1Type0 | InvoiceLinesItemDiscountType1Type1 | None
    )
    gross_minor: int
    discount_minor: int
    tax_minor: int
    total_minor: int

    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_lines_item_discount_type_1_type_0 import (
            InvoiceLinesItemDiscountType1Type0,
        )
        from ..models.invoice_lines_item_discount_type_1_type_1 import (
            InvoiceLinesItemDiscountType1Type1,
        )

        position = self.position

        description = self.description

        quantity = self.quantity

        unit_amount_minor = self.unit_amount_minor

        tax_rate_basis_points = self.tax_rate_basis_points

        discount: dict[str, Any] | None
        if isinstance(self.discount, InvoiceLinesItemDiscountType1Type0) or isinstance(
            self.discount, InvoiceLinesItemDiscountType1Type1
        ):
            discount = self.discount.to_dict()
        else:
            discount = self.discount

        gross_minor = self.gross_minor

        discount_minor = self.discount_minor

        tax_minor = self.tax_minor

        total_minor = self.total_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "position": position,
                "description": description,
                "quantity": quantity,
                "unitAmountMinor": unit_amount_minor,
                "taxRateBasisPoints": tax_rate_basis_points,
                "discount": discount,
                "grossMinor": gross_minor,
                "discountMinor": discount_minor,
                "taxMinor": tax_minor,
                "totalMinor": total_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.invoice_lines_item_discount_type_1_type_0 import (
            InvoiceLinesItemDiscountType1Type0,
        )
        from ..models.invoice_lines_item_discount_type_1_type_1 import (
            InvoiceLinesItemDiscountType1Type1,
        )

        d = dict(src_dict)
        position = d.pop("position")

        description = d.pop("description")

        quantity = d.pop("quantity")

        unit_amount_minor = d.pop("unitAmountMinor")

        tax_rate_basis_points = d.pop("taxRateBasisPoints")

        def _parse_discount(
            data: object,
        ) -> (
            InvoiceLinesItemDiscountType1Type0
            | InvoiceLinesItemDiscountType1Type1
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                discount_type_1_type_0 = InvoiceLinesItemDiscountType1Type0.from_dict(
                    data
                )

                return discount_type_1_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                discount_type_1_type_1 = InvoiceLinesItemDiscountType1Type1.from_dict(
                    data
                )

                return discount_type_1_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                InvoiceLinesItemDiscountType1Type0
                | InvoiceLinesItemDiscountType1Type1
                | None,
                data,
            )

        discount = _parse_discount(d.pop("discount"))

        gross_minor = d.pop("grossMinor")

        discount_minor = d.pop("discountMinor")

        tax_minor = d.pop("taxMinor")

        total_minor = d.pop("totalMinor")

        invoice_lines_item = cls(
            position=position,
            description=description,
            quantity=quantity,
            unit_amount_minor=unit_amount_minor,
            tax_rate_basis_points=tax_rate_basis_points,
            discount=discount,
            gross_minor=gross_minor,
            discount_minor=discount_minor,
            tax_minor=tax_minor,
            total_minor=total_minor,
        )

        return invoice_lines_item
