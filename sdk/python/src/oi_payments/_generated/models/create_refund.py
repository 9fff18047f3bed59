from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.beneficiary_type_0 import BeneficiaryType0
    from ..models.beneficiary_type_1 import BeneficiaryType1
    from ..models.beneficiary_type_2 import BeneficiaryType2
    from ..models.create_refund_metadata import CreateRefundMetadata


T = TypeVar("T", bound="CreateRefund")


@_attrs_define
class CreateRefund:
    """
    Attributes:
        amount_minor (int | Unset): Integer minor units, > 0; defaults to everything still refundable
        reason (str | Unset): Why the money goes back; sent to the gateway as remarks
        metadata (CreateRefundMetadata | Unset): Up to 20 flat key/value pairs, echoed on reads and webhooks
        destination (BeneficiaryType0 | BeneficiaryType1 | BeneficiaryType2 | Unset): Who receives the money: a bKash
            wallet, a Nagad wallet, or a bank account with its routing number
        manual_confirmation (bool | Unset): For a gateway without a refund API, with no destination: finance pays the
            customer back by hand and confirms it
    """

    amount_minor: int | Unset = UNSET
    reason: str | Unset = UNSET
    metadata: CreateRefundMetadata | Unset = UNSET
    destination: BeneficiaryType0 | BeneficiaryType1 | BeneficiaryType2 | Unset = UNSET
    manual_confirmation: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.beneficiary_type_0 import BeneficiaryType0
        from ..models.beneficiary_type_1 import BeneficiaryType1

        amount_minor = self.amount_minor

        reason = self.reason

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        destination: dict[str, Any] | Unset
        if isinstance(self.destination, Unset):
            destination = UNSET
        elif isinstance(self.destination, BeneficiaryType0) or isinstance(
            self.destination, BeneficiaryType1
        ):
            destination = self.destination.to_dict()
        else:
            destination = self.destination.to_dict()

        manual_confirmation = self.manual_confirmation

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amount_minor is not UNSET:
            field_dict["amountMinor"] = amount_minor
        if reason is not UNSET:
            field_dict["reason"] = reason
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if destination is not UNSET:
            field_dict["destination"] = destination
        if manual_confirmation is not UNSET:
            field_dict["manualConfirmation"] = manual_confirmation

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.beneficiary_type_0 import BeneficiaryType0
        from ..models.beneficiary_type_1 import BeneficiaryType1
        from ..models.beneficiary_type_2 import BeneficiaryType2
        from ..models.create_refund_metadata import CreateRefundMetadata

        d = dict(src_dict)
        amount_minor = d.pop("amountMinor", UNSET)

        reason = d.pop("reason", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CreateRefundMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreateRefundMetadata.from_dict(_metadata)

        def _parse_destination(
            data: object,
        ) -> BeneficiaryType0 | BeneficiaryType1 | BeneficiaryType2 | Unset:
            if isinstance(data, Unset):
                return data
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

        destination = _parse_destination(d.pop("destination", UNSET))

        manual_confirmation = d.pop("manualConfirmation", UNSET)

        create_refund = cls(
            amount_minor=amount_minor,
            reason=reason,
            metadata=metadata,
            destination=destination,
            manual_confirmation=manual_confirmation,
        )

        return create_refund
