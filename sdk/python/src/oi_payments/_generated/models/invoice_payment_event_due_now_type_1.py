from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="InvoicePaymentEventDueNowType1")


@_attrs_define
class InvoicePaymentEventDueNowType1:
    """
    Attributes:
        installment (int):
        amount_minor (int):
        due_date (datetime.date):
    """

    installment: int
    amount_minor: int
    due_date: datetime.date

    def to_dict(self) -> dict[str, Any]:
        installment = self.installment

        amount_minor = self.amount_minor

        due_date = self.due_date.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "installment": installment,
                "amountMinor": amount_minor,
                "dueDate": due_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        installment = d.pop("installment")

        amount_minor = d.pop("amountMinor")

        due_date = datetime.date.fromisoformat(d.pop("dueDate"))

        invoice_payment_event_due_now_type_1 = cls(
            installment=installment,
            amount_minor=amount_minor,
            due_date=due_date,
        )

        return invoice_payment_event_due_now_type_1
