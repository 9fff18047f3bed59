from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.update_invoice_installment_plan_type_0_type_0_interval import (
    UpdateInvoiceInstallmentPlanType0Type0Interval,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateInvoiceInstallmentPlanType0Type0")


@_attrs_define
class UpdateInvoiceInstallmentPlanType0Type0:
    """
    Attributes:
        count (int):
        interval (UpdateInvoiceInstallmentPlanType0Type0Interval):
        every (int | Unset): Intervals between installments; default 1
    """

    count: int
    interval: UpdateInvoiceInstallmentPlanType0Type0Interval
    every: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        interval = self.interval.value

        every = self.every

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "count": count,
                "interval": interval,
            }
        )
        if every is not UNSET:
            field_dict["every"] = every

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        count = d.pop("count")

        interval = UpdateInvoiceInstallmentPlanType0Type0Interval(d.pop("interval"))

        every = d.pop("every", UNSET)

        update_invoice_installment_plan_type_0_type_0 = cls(
            count=count,
            interval=interval,
            every=every,
        )

        return update_invoice_installment_plan_type_0_type_0
