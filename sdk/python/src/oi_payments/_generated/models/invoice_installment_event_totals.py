from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="InvoiceInstallmentEventTotals")


@_attrs_define
class InvoiceInstallmentEventTotals:
    """
    Attributes:
        subtotal_minor (int):
        discount_minor (int):
        tax_minor (int):
        total_minor (int):
        paid_minor (int):
        outstanding_minor (int):
        total_formatted (str):
        outstanding_formatted (str):
    """

    subtotal_minor: int
    discount_minor: int
    tax_minor: int
    total_minor: int
    paid_minor: int
    outstanding_minor: int
    total_formatted: str
    outstanding_formatted: str

    def to_dict(self) -> dict[str, Any]:
        subtotal_minor = self.subtotal_minor

        discount_minor = self.discount_minor

        tax_minor = self.tax_minor

        total_minor = self.total_minor

        paid_minor = self.paid_minor

        outstanding_minor = self.outstanding_minor

        total_formatted = self.total_formatted

        outstanding_formatted = self.outstanding_formatted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subtotalMinor": subtotal_minor,
                "discountMinor": discount_minor,
                "taxMinor": tax_minor,
                "totalMinor": total_minor,
                "paidMinor": paid_minor,
                "outstandingMinor": outstanding_minor,
                "totalFormatted": total_formatted,
                "outstandingFormatted": outstanding_formatted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        subtotal_minor = d.pop("subtotalMinor")

        discount_minor = d.pop("discountMinor")

        tax_minor = d.pop("taxMinor")

        total_minor = d.pop("totalMinor")

        paid_minor = d.pop("paidMinor")

        outstanding_minor = d.pop("outstandingMinor")

        total_formatted = d.pop("totalFormatted")

        outstanding_formatted = d.pop("outstandingFormatted")

        invoice_installment_event_totals = cls(
            subtotal_minor=subtotal_minor,
            discount_minor=discount_minor,
            tax_minor=tax_minor,
            total_minor=total_minor,
            paid_minor=paid_minor,
            outstanding_minor=outstanding_minor,
            total_formatted=total_formatted,
            outstanding_formatted=outstanding_formatted,
        )

        return invoice_installment_event_totals
