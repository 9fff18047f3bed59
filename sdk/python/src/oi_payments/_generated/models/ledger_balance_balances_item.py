from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="LedgerBalanceBalancesItem")


@_attrs_define
class LedgerBalanceBalancesItem:
    """
    Attributes:
        currency (str):
        captured_minor (int):
        refunded_minor (int):
        disputed_minor (int): What open or lost disputes took back from its payments (won ones gave it back)
        payable_minor (int):
        payable_formatted (str):
    """

    currency: str
    captured_minor: int
    refunded_minor: int
    disputed_minor: int
    payable_minor: int
    payable_formatted: str

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        captured_minor = self.captured_minor

        refunded_minor = self.refunded_minor

        disputed_minor = self.disputed_minor

        payable_minor = self.payable_minor

        payable_formatted = self.payable_formatted

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "capturedMinor": captured_minor,
                "refundedMinor": refunded_minor,
                "disputedMinor": disputed_minor,
                "payableMinor": payable_minor,
                "payableFormatted": payable_formatted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency = d.pop("currency")

        captured_minor = d.pop("capturedMinor")

        refunded_minor = d.pop("refundedMinor")

        disputed_minor = d.pop("disputedMinor")

        payable_minor = d.pop("payableMinor")

        payable_formatted = d.pop("payableFormatted")

        ledger_balance_balances_item = cls(
            currency=currency,
            captured_minor=captured_minor,
            refunded_minor=refunded_minor,
            disputed_minor=disputed_minor,
            payable_minor=payable_minor,
            payable_formatted=payable_formatted,
        )

        return ledger_balance_balances_item
