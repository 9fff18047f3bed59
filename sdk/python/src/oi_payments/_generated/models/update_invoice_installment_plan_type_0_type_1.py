from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.update_invoice_installment_plan_type_0_type_1_schedule_item import (
        UpdateInvoiceInstallmentPlanType0Type1ScheduleItem,
    )


T = TypeVar("T", bound="UpdateInvoiceInstallmentPlanType0Type1")


@_attrs_define
class UpdateInvoiceInstallmentPlanType0Type1:
    """
    Attributes:
        schedule (list[UpdateInvoiceInstallmentPlanType0Type1ScheduleItem]): Amounts summing exactly to the total, due
            dates ascending
    """

    schedule: list[UpdateInvoiceInstallmentPlanType0Type1ScheduleItem]

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
        from ..models.update_invoice_installment_plan_type_0_type_1_schedule_item import (
            UpdateInvoiceInstallmentPlanType0Type1ScheduleItem,
        )

        d = dict(src_dict)
        schedule = []
        _schedule = d.pop("schedule")
        for schedule_item_data in _schedule:
            schedule_item = (
                UpdateInvoiceInstallmentPlanType0Type1ScheduleItem.from_dict(
                    schedule_item_data
                )
            )

            schedule.append(schedule_item)

        update_invoice_installment_plan_type_0_type_1 = cls(
            schedule=schedule,
        )

        return update_invoice_installment_plan_type_0_type_1
