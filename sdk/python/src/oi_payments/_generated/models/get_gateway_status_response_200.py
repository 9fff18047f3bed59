from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.gateway_status import GatewayStatus
    from ..models.meta import Meta


T = TypeVar("T", bound="GetGatewayStatusResponse200")


@_attrs_define
class GetGatewayStatusResponse200:
    """
    Attributes:
        data (GatewayStatus):
        meta (Meta): A successful answer's meta
    """

    data: GatewayStatus
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
        from ..models.gateway_status import GatewayStatus
        from ..models.meta import Meta

        d = dict(src_dict)
        data = GatewayStatus.from_dict(d.pop("data"))

        meta = Meta.from_dict(d.pop("meta"))

        get_gateway_status_response_200 = cls(
            data=data,
            meta=meta,
        )

        return get_gateway_status_response_200
