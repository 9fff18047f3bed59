from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="InvoicePaymentEventOverdueType1")


@_attrs_define
class InvoicePaymentEventOverdueType1:
    """
    Attributes:
        since (datetime.date):
    """

    since: datetime.date

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "since": since,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        since = datetime.date.fromisoformat(d.pop("since"))

        invoice_payment_event_overdue_type_1 = cls(
            since=since,
        )

        return invoice_payment_event_overdue_type_1
