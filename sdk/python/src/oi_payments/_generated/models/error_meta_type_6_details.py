from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType6Details")


@_attrs_define
class ErrorMetaType6Details:
    """The payment's gateway

    Attributes:
        gateway (None | str):
    """

    gateway: None | str

    def to_dict(self) -> dict[str, Any]:
        gateway: None | str
        gateway = self.gateway

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "gateway": gateway,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_gateway(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gateway = _parse_gateway(d.pop("gateway"))

        error_meta_type_6_details = cls(
            gateway=gateway,
        )

        return error_meta_type_6_details
