from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.invoice_installment_plan_type_1_type_0_interval import (
    InvoiceInstallmentPlanType1Type0Interval,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="InvoiceInstallmentPlanType1Type0")


@_attrs_define
class InvoiceInstallmentPlanType1Type0:
    """
    Attributes:
        count (int):
        interval (InvoiceInstallmentPlanType1Type0Interval):
        every (int | Unset): Intervals between installments; default 1
    """

    count: int
    interval: InvoiceInstallmentPlanType1Type0Interval
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

        interval = InvoiceInstallmentPlanType1Type0Interval(d.pop("interval"))

        every = d.pop("every", UNSET)

        invoice_installment_plan_type_1_type_0 = cls(
            count=count,
            interval=interval,
            every=every,
        )

        return invoice_installment_plan_type_1_type_0
