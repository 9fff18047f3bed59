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

from ..models.beneficiary_type_2_method import BeneficiaryType2Method
from ..types import UNSET, Unset

T = TypeVar("T", bound="BeneficiaryType2")


@_attrs_define
class BeneficiaryType2:
    """
    Attributes:
        type_ (Literal['BANK_ACCOUNT']):
        account_number (str):
        account_name (str):
        routing_number (str):
        bank_name (None | str | Unset):
        method (BeneficiaryType2Method | Unset): BEFTN: in the next clearing session (the default); NPSB: at once, to
            banks on the instant network
    """

    type_: Literal["BANK_ACCOUNT"]
    account_number: str
    account_name: str
    routing_number: str
    bank_name: None | str | Unset = UNSET
    method: BeneficiaryType2Method | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        account_number = self.account_number

        account_name = self.account_name

        routing_number = self.routing_number

        bank_name: None | str | Unset
        if isinstance(self.bank_name, Unset):
            bank_name = UNSET
        else:
            bank_name = self.bank_name

        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "accountNumber": account_number,
                "accountName": account_name,
                "routingNumber": routing_number,
            }
        )
        if bank_name is not UNSET:
            field_dict["bankName"] = bank_name
        if method is not UNSET:
            field_dict["method"] = method

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = cast(Literal["BANK_ACCOUNT"], d.pop("type"))
        if type_ != "BANK_ACCOUNT":
            raise ValueError(f"type must match const 'BANK_ACCOUNT', got '{type_}'")

        account_number = d.pop("accountNumber")

        account_name = d.pop("accountName")

        routing_number = d.pop("routingNumber")

        def _parse_bank_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bank_name = _parse_bank_name(d.pop("bankName", UNSET))

        _method = d.pop("method", UNSET)
        method: BeneficiaryType2Method | Unset
        if isinstance(_method, Unset):
            method = UNSET
        else:
            method = BeneficiaryType2Method(_method)

        beneficiary_type_2 = cls(
            type_=type_,
            account_number=account_number,
            account_name=account_name,
            routing_number=routing_number,
            bank_name=bank_name,
            method=method,
        )

        return beneficiary_type_2
