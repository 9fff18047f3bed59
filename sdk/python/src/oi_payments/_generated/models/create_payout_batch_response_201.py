from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.meta import Meta
    from ..models.payout_batch import PayoutBatch


T = TypeVar("T", bound="CreatePayoutBatchResponse201")


@_attrs_define
class CreatePayoutBatchResponse201:
    """
    Attributes:
        data (PayoutBatch):
        meta (Meta): A successful answer's meta
    """

    data: PayoutBatch
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
        from ..models.payout_batch import PayoutBatch

        d = dict(src_dict)
        data = PayoutBatch.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        create_payout_batch_response_201 = cls(
            data=data,
            meta=meta,
        )

        return create_payout_batch_response_201
