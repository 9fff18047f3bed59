from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.refund_expected_arrival_window import RefundExpectedArrivalWindow

T = TypeVar("T", bound="RefundExpectedArrival")


@_attrs_define
class RefundExpectedArrival:
    """When the customer can expect the money: a wallet within minutes of the approval, a bank account (BEFTN) by the next
    banking day

        Attributes:
            window (RefundExpectedArrivalWindow):
            by (datetime.datetime | None): The latest the customer should expect it by; null when nobody can say
            description (str):
    """

    window: RefundExpectedArrivalWindow
    by: datetime.datetime | None
    description: str

    def to_dict(self) -> dict[str, Any]:
        window = self.window.value

        by: None | str
        if isinstance(self.by, datetime.datetime):
            by = self.by.isoformat()
        else:
            by = self.by

        description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "window": window,
                "by": by,
                "description": description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        window = RefundExpectedArrivalWindow(d.pop("window"))

        def _parse_by(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                by_type_0 = datetime.datetime.fromisoformat(data)

                return by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        by = _parse_by(d.pop("by"))

        description = d.pop("description")

        refund_expected_arrival = cls(
            window=window,
            by=by,
            description=description,
        )

        return refund_expected_arrival
