from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.invoice_installment_event_installments_item_state import (
    InvoiceInstallmentEventInstallmentsItemState,
)

T = TypeVar("T", bound="InvoiceInstallmentEventInstallmentsItem")


@_attrs_define
class InvoiceInstallmentEventInstallmentsItem:
    """
    Attributes:
        sequence (int):
        amount_minor (int):
        due_date (datetime.date):
        paid_minor (int):
        state (InvoiceInstallmentEventInstallmentsItemState):
        paid_at (datetime.datetime | None):
    """

    sequence: int
    amount_minor: int
    due_date: datetime.date
    paid_minor: int
    state: InvoiceInstallmentEventInstallmentsItemState
    paid_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        sequence = self.sequence

        amount_minor = self.amount_minor

        due_date = self.due_date.isoformat()

        paid_minor = self.paid_minor

        state = self.state.value

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sequence": sequence,
                "amountMinor": amount_minor,
                "dueDate": due_date,
                "paidMinor": paid_minor,
                "state": state,
                "paidAt": paid_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        sequence = d.pop("sequence")

        amount_minor = d.pop("amountMinor")

        due_date = datetime.date.fromisoformat(d.pop("dueDate"))

        paid_minor = d.pop("paidMinor")

        state = InvoiceInstallmentEventInstallmentsItemState(d.pop("state"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paidAt"))

        invoice_installment_event_installments_item = cls(
            sequence=sequence,
            amount_minor=amount_minor,
            due_date=due_date,
            paid_minor=paid_minor,
            state=state,
            paid_at=paid_at,
        )

        return invoice_installment_event_installments_item
