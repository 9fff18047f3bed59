from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.meta import Meta
    from ..models.payment_with_refunds import PaymentWithRefunds


T = TypeVar("T", bound="GetPaymentResponse200")


@_attrs_define
class GetPaymentResponse200:
    """
    Attributes:
        data (PaymentWithRefunds): A payment with its refunds and its disputes, each oldest first
        meta (Meta): A successful answer's meta
    """

    data: PaymentWithRefunds
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
        from ..models.payment_with_refunds import PaymentWithRefunds

        d = dict(src_dict)
        data = PaymentWithRefunds.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        get_payment_response_200 = cls(
            data=data,
            meta=meta,
        )

        return get_payment_response_200
