from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="InvoicePaymentEventInstallmentPlanType1Type1ScheduleItem")


@_attrs_define
class InvoicePaymentEventInstallmentPlanType1Type1ScheduleItem:
    """
    Attributes:
        amount_minor (int): This installment, integer minor units
        due_date (datetime.date):
    """

    amount_minor: int
    due_date: datetime.date

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        due_date = self.due_date.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amountMinor": amount_minor,
                "dueDate": due_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount_minor = d.pop("amountMinor")

        due_date = datetime.date.fromisoformat(d.pop("dueDate"))

        invoice_payment_event_installment_plan_type_1_type_1_schedule_item = cls(
            amount_minor=amount_minor,
            due_date=due_date,
        )

        return invoice_payment_event_installment_plan_type_1_type_1_schedule_item
