from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.payout import Payout
    from ..models.payout_status_summary_item import PayoutStatusSummaryItem


T = TypeVar("T", bound="ListPayoutsResponse200Data")


@_attrs_define
class ListPayoutsResponse200Data:
    """
    Attributes:
        items (list[Payout]):
        summary (list[PayoutStatusSummaryItem]): Count and total per status over the whole filtered list
    """

    items: list[Payout]
    summary: list[PayoutStatusSummaryItem]

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        summary = []
        for componentsschemas_payout_status_summary_item_data in self.summary:
            componentsschemas_payout_status_summary_item = (
                componentsschemas_payout_status_summary_item_data.to_dict()
            )
            summary.append(componentsschemas_payout_status_summary_item)

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
        from ..models.payout import Payout
        from ..models.payout_status_summary_item import PayoutStatusSummaryItem

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = Payout.from_dict(items_item_data)

            items.append(items_item)

        summary = []
        _summary = d.pop("summary")
        for componentsschemas_payout_status_summary_item_data in _summary:
            componentsschemas_payout_status_summary_item = (
                PayoutStatusSummaryItem.from_dict(
                    componentsschemas_payout_status_summary_item_data
                )
            )

            summary.append(componentsschemas_payout_status_summary_item)

        list_payouts_response_200_data = cls(
            items=items,
            summary=summary,
        )

        return list_payouts_response_200_data
