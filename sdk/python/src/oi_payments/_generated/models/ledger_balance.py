from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.ledger_balance_mode import LedgerBalanceMode

if TYPE_CHECKING:
    from ..models.ledger_balance_balances_item import LedgerBalanceBalancesItem


T = TypeVar("T", bound="LedgerBalance")


@_attrs_define
class LedgerBalance:
    """
    Attributes:
        mode (LedgerBalanceMode):
        as_of (datetime.datetime):
        balances (list[LedgerBalanceBalancesItem]):
    """

    mode: LedgerBalanceMode
    as_of: datetime.datetime
    balances: list[LedgerBalanceBalancesItem]

    def to_dict(self) -> dict[str, Any]:
        mode = self.mode.value

        as_of = self.as_of.isoformat()

        balances = []
        for balances_item_data in self.balances:
            balances_item = balances_item_data.to_dict()
            balances.append(balances_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "mode": mode,
                "asOf": as_of,
                "balances": balances,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.ledger_balance_balances_item import LedgerBalanceBalancesItem

        d = dict(src_dict)
        mode = LedgerBalanceMode(d.pop("mode"))

        as_of = datetime.datetime.fromisoformat(d.pop("asOf"))

        balances = []
        _balances = d.pop("balances")
        for balances_item_data in _balances:
            balances_item = LedgerBalanceBalancesItem.from_dict(balances_item_data)

            balances.append(balances_item)

        ledger_balance = cls(
            mode=mode,
            as_of=as_of,
            balances=balances,
        )

        return ledger_balance
