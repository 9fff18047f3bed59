from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.meta import Meta
    from ..models.payout import Payout


T = TypeVar("T", bound="CreatePayoutResponse201")


@_attrs_define
class CreatePayoutResponse201:
    """
    Attributes:
        data (Payout):
        meta (Meta): A successful answer's meta
    """

    data: Payout
    meta: Meta

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.meta import Meta
        from ..models.payout import Payout

        d = dict(src_dict)
        data = Payout.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        create_payout_response_201 = cls(
            data=data,
            meta=meta,
        )

        return create_payout_response_201
