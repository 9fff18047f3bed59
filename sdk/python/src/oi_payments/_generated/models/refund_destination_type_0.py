from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.refund_destination_type_0_type import RefundDestinationType0Type
from ..types import UNSET, Unset

T = TypeVar("T", bound="RefundDestinationType0")


@_attrs_define
class RefundDestinationType0:
    """Where a paid-out refund goes, as given, with wallet and account numbers masked but for their last four digits

    Attributes:
        type_ (RefundDestinationType0Type):
        wallet_number (str | Unset):
        name (None | str | Unset):
        account_number (str | Unset):
        account_name (str | Unset):
        routing_number (str | Unset):
        bank_name (None | str | Unset):
    """

    type_: RefundDestinationType0Type
    wallet_number: str | Unset = UNSET
    name: None | str | Unset = UNSET
    account_number: str | Unset = UNSET
    account_name: str | Unset = UNSET
    routing_number: str | Unset = UNSET
    bank_name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        wallet_number = self.wallet_number

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        account_number = self.account_number

        account_name = self.account_name

        routing_number = self.routing_number

        bank_name: None | str | Unset
        if isinstance(self.bank_name, Unset):
            bank_name = UNSET
        else:
            bank_name = self.bank_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if wallet_number is not UNSET:
            field_dict["walletNumber"] = wallet_number
        if name is not UNSET:
            field_dict["name"] = name
        if account_number is not UNSET:
            field_dict["accountNumber"] = account_number
        if account_name is not UNSET:
            field_dict["accountName"] = account_name
        if routing_number is not UNSET:
            field_dict["routingNumber"] = routing_number
        if bank_name is not UNSET:
            field_dict["bankName"] = bank_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = RefundDestinationType0Type(d.pop("type"))

        wallet_number = d.pop("walletNumber", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        account_number = d.pop("accountNumber", UNSET)

        account_name = d.pop("accountName", UNSET)

        routing_number = d.pop("routingNumber", UNSET)

        def _parse_bank_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bank_name = _parse_bank_name(d.pop("bankName", UNSET))

        refund_destination_type_0 = cls(
            type_=type_,
            wallet_number=wallet_number,
            name=name,
            account_number=account_number,
            account_name=account_name,
            routing_number=routing_number,
            bank_name=bank_name,
        )

        return refund_destination_type_0
