from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_invoice_lines_item_discount_type_0 import (
        UpdateInvoiceLinesItemDiscountType0,
    )
    from ..models.update_invoice_lines_item_discount_type_1 import (
        UpdateInvoiceLinesItemDiscountType1,
    )


T = TypeVar("T", bound="UpdateInvoiceLinesItem")


@_attrs_define
class UpdateInvoiceLinesItem:
    """
    Attributes:
        description (str): What is charged for; Bangla is welcome
        quantity (int):
        unit_amount_minor (int): Price of one, integer minor units
        tax_rate_basis_points (int | Unset): Tax on the line after its discount (1500 = 15 %)
        discount (Unset | UpdateInvoiceLinesItemDiscountType0 | UpdateInvoiceLinesItemDiscountType1):
    """

    description: str
    quantity: int
    unit_amount_minor: int
    tax_rate_basis_points: int | Unset = UNSET
    discount: (
        Unset
        | UpdateInvoiceLinesItemDiscountType0
        | UpdateInvoiceLinesItemDiscountType1
    ) = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.update_invoice_lines_item_discount_type_0 import (
            UpdateInvoiceLinesItemDiscountType0,
        )

        description = self.description

        quantity = self.quantity

        unit_amount_minor = self.unit_amount_minor

        tax_rate_basis_points = self.tax_rate_basis_points

        discount: dict[str, Any] | Unset
        if isinstance(self.discount, Unset):
            discount = UNSET
        elif isinstance(self.discount, UpdateInvoiceLinesItemDiscountType0):
            discount = self.discount.to_dict()
        else:
            discount = self.discount.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "description": description,
                "quantity": quantity,
                "unitAmountMinor": unit_amount_minor,
            }
        )
        if tax_rate_basis_points is not UNSET:
            field_dict["taxRateBasisPoints"] = tax_rate_basis_points
        if discount is not UNSET:
            field_dict["discount"] = discount

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_invoice_lines_item_discount_type_0 import (
            UpdateInvoiceLinesItemDiscountType0,
        )
        from ..models.update_invoice_lines_item_discount_type_1 import (
            UpdateInvoiceLinesItemDiscountType1,
        )

        d = dict(src_dict)
        description = d.pop("description")

        quantity = d.pop("quantity")

        unit_amount_minor = d.pop("unitAmountMinor")

        tax_rate_basis_points = d.pop("taxRateBasisPoints", UNSET)

        def _parse_discount(
            data: object,
        ) -> (
            Unset
            | UpdateInvoiceLinesItemDiscountType0
            | UpdateInvoiceLinesItemDiscountType1
        ):
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                discount_type_0 = UpdateInvoiceLinesItemDiscountType0.from_dict(data)

                return discount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            discount_type_1 = UpdateInvoiceLinesItemDiscountType1.from_dict(data)

            return discount_type_1

        discount = _parse_discount(d.pop("discount", UNSET))

        update_invoice_lines_item = cls(
            description=description,
            quantity=quantity,
            unit_amount_minor=unit_amount_minor,
            tax_rate_basis_points=tax_rate_basis_points,
            discount=discount,
        )

        return update_invoice_lines_item
