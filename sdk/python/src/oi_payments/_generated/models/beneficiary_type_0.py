from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="BeneficiaryType0")


@_attrs_define
class BeneficiaryType0:
    """
    Attributes:
        type_ (Literal['BKASH_WALLET']):
        wallet_number (str):
        name (None | str | Unset): The holder's name, as the app knows it
    """

    type_: Literal["BKASH_WALLET"]
    wallet_number: str
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        wallet_number = self.wallet_number

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "walletNumber": wallet_number,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["BKASH_WALLET"], d.pop("type"))
        if type_ != "BKASH_WALLET":
            raise ValueError(f"type must match const 'BKASH_WALLET', got '{type_}'")

        wallet_number = d.pop("walletNumber")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        beneficiary_type_0 = cls(
            type_=type_,
            wallet_number=wallet_number,
            name=name,
        )

        return beneficiary_type_0
