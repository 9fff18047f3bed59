from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="Pagination")


@_attrs_define
class Pagination:
    """
    Attributes:
        page (int):
        size (int):
        total_items (int):
        total_pages (int):
        next_cursor (None | str | Unset): Lists that read by cursor (GET /payments): pass it as `after` for the next
            page; null on the last. page × size is at most 10000 (else 400 PAGE_TOO_DEEP)
    """

    page: int
    size: int
    total_items: int
    total_pages: int
    next_cursor: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        page = self.page

        size = self.size

        total_items = self.total_items

        total_pages = self.total_pages

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "page": page,
                "size": size,
                "totalItems": total_items,
                "totalPages": total_pages,
            }
        )
        if next_cursor is not UNSET:
            field_dict["nextCursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        page = d.pop("page")

        size = d.pop("size")

        total_items = d.pop("totalItems")

        total_pages = d.pop("totalPages")

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("nextCursor", UNSET))

        pagination = cls(
            page=page,
            size=size,
            total_items=total_items,
            total_pages=total_pages,
            next_cursor=next_cursor,
        )

        return pagination
