from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.beneficiary_type_0 import BeneficiaryType0
    from ..models.beneficiary_type_1 import BeneficiaryType1
    from ..models.beneficiary_type_2 import BeneficiaryType2
    from ..models.create_payout_metadata import CreatePayoutMetadata


T = TypeVar("T", bound="CreatePayout")


@_attrs_define
class CreatePayout:
    """
    Attributes:
        amount_minor (int): Integer minor units, > 0
        beneficiary (BeneficiaryType0 | BeneficiaryType1 | BeneficiaryType2): Who receives the money: a bKash wallet, a
            Nagad wallet, or a bank account with its routing number
        currency (Literal['BDT'] | Unset): BDT, the only currency the rails pay in Default: 'BDT'.
        narrative (str | Unset): Shown to the beneficiary where the rail carries a reference
        metadata (CreatePayoutMetadata | Unset): Up to 20 flat key/value pairs, echoed on reads and webhooks
    """

    amount_minor: int
    beneficiary: BeneficiaryType0 | BeneficiaryType1 | BeneficiaryType2
    currency: Literal["BDT"] | Unset = "BDT"
    narrative: str | Unset = UNSET
    metadata: CreatePayoutMetadata | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.beneficiary_type_0 import BeneficiaryType0
        from ..models.beneficiary_type_1 import BeneficiaryType1

        amount_minor = self.amount_minor

        beneficiary: dict[str, Any]
        if isinstance(self.beneficiary, BeneficiaryType0) or isinstance(
            self.beneficiary, BeneficiaryType1
        ):
            beneficiary = self.beneficiary.to_dict()
        else:
            beneficiary = self.beneficiary.to_dict()

        currency = self.currency

        narrative = self.narrative

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amountMinor": amount_minor,
                "beneficiary": beneficiary,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if narrative is not UNSET:
            field_dict["narrative"] = narrative
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.beneficiary_type_0 import BeneficiaryType0
        from ..models.beneficiary_type_1 import BeneficiaryType1
        from ..models.beneficiary_type_2 import BeneficiaryType2
        from ..models.create_payout_metadata import CreatePayoutMetadata

        d = dict(src_dict)
        amount_minor = d.pop("amountMinor")

        def _parse_beneficiary(
            data: object,
        ) -> BeneficiaryType0 | BeneficiaryType1 | BeneficiaryType2:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_beneficiary_type_0 = BeneficiaryType0.from_dict(data)

                return componentsschemas_beneficiary_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_beneficiary_type_1 = BeneficiaryType1.from_dict(data)

                return componentsschemas_beneficiary_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_beneficiary_type_2 = BeneficiaryType2.from_dict(data)

            return componentsschemas_beneficiary_type_2

        beneficiary = _parse_beneficiary(d.pop("beneficiary"))

        currency = cast(Literal["BDT"] | Unset, d.pop("currency", UNSET))
        if currency != "BDT" and not isinstance(currency, Unset):
            raise ValueError(f"currency must match const 'BDT', got '{currency}'")

        narrative = d.pop("narrative", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CreatePayoutMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreatePayoutMetadata.from_dict(_metadata)

        create_payout = cls(
            amount_minor=amount_minor,
            beneficiary=beneficiary,
            currency=currency,
            narrative=narrative,
            metadata=metadata,
        )

        return create_payout
