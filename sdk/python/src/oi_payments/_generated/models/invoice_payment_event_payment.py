from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="InvoicePaymentEventPayment")


@_attrs_define
class InvoicePaymentEventPayment:
    """
    Attributes:
        reference (str):
        amount_minor (int):
    """

    reference: str
    amount_minor: int

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        amount_minor = self.amount_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reference": reference,
                "amountMinor": amount_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reference = d.pop("reference")

        amount_minor = d.pop("amountMinor")

        invoice_payment_event_payment = cls(
            reference=reference,
            amount_minor=amount_minor,
        )

        return invoice_payment_event_payment
