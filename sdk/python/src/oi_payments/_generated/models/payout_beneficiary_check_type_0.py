from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="PayoutBeneficiaryCheckType0")


@_attrs_define
class PayoutBeneficiaryCheckType0:
    """The rail's word on the beneficiary before sending: VERIFIED, NAME_MISMATCH, UNVERIFIABLE, …

    Attributes:
        status (None | str):
        account_holder_name (None | str):
    """

    status: None | str
    account_holder_name: None | str

    def to_dict(self) -> dict[str, Any]:
        status: None | str
        status = self.status

        account_holder_name: None | str
        account_holder_name = self.account_holder_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "accountHolderName": account_holder_name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        status = _parse_status(d.pop("status"))

        def _parse_account_holder_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_holder_name = _parse_account_holder_name(d.pop("accountHolderName"))

        payout_beneficiary_check_type_0 = cls(
            status=status,
            account_holder_name=account_holder_name,
        )

        return payout_beneficiary_check_type_0
