from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.payment import Payment
    from ..models.status_summary_item import StatusSummaryItem


T = TypeVar("T", bound="ListPaymentsResponse200Data")


@_attrs_define
class ListPaymentsResponse200Data:
    """
    Attributes:
        items (list[Payment]):
        summary (list[StatusSummaryItem]): Count and amount per status, over the whole filter, by status name
    """

    items: list[Payment]
    summary: list[StatusSummaryItem]

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        summary = []
        for componentsschemas_status_summary_item_data in self.summary:
            componentsschemas_status_summary_item = (
                componentsschemas_status_summary_item_data.to_dict()
            )
            summary.append(componentsschemas_status_summary_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "items": items,
                "summary": summary,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payment import Payment
        from ..models.status_summary_item import StatusSummaryItem

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = Payment.from_dict(items_item_data)

            items.append(items_item)

        summary = []
        _summary = d.pop("summary")
        for componentsschemas_status_summary_item_data in _summary:
            componentsschemas_status_summary_item = StatusSummaryItem.from_dict(
                componentsschemas_status_summary_item_data
            )

            summary.append(componentsschemas_status_summary_item)

        list_payments_response_200_data = cls(
            items=items,
            summary=summary,
        )

        return list_payments_response_200_data
