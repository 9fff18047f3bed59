from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.create_invoice_installment_plan_type_1_schedule_item import (
        CreateInvoiceInstallmentPlanType1ScheduleItem,
    )


T = TypeVar("T", bound="CreateInvoiceInstallmentPlanType1")


@_attrs_define
class CreateInvoiceInstallmentPlanType1:
    """
    Attributes:
        schedule (list[CreateInvoiceInstallmentPlanType1ScheduleItem]): Amounts summing exactly to the total, due dates
            ascending
    """

    schedule: list[CreateInvoiceInstallmentPlanType1ScheduleItem]

    def to_dict(self) -> dict[str, Any]:
        schedule = []
        for schedule_item_data in self.schedule:
            schedule_item = schedule_item_data.to_dict()
            schedule.append(schedule_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "schedule": schedule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_invoice_installment_plan_type_1_schedule_item import (
            CreateInvoiceInstallmentPlanType1ScheduleItem,
        )

        d = dict(src_dict)
        schedule = []
        _schedule = d.pop("schedule")
        for schedule_item_data in _schedule:
            schedule_item = CreateInvoiceInstallmentPlanType1ScheduleItem.from_dict(
                schedule_item_data
            )

            schedule.append(schedule_item)

        create_invoice_installment_plan_type_1 = cls(
            schedule=schedule,
        )

        return create_invoice_installment_plan_type_1
