from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.payout_rail import PayoutRail
from ..models.payout_status import PayoutStatus

if TYPE_CHECKING:
    from ..models.payout_beneficiary import PayoutBeneficiary
    from ..models.payout_beneficiary_check_type_0 import PayoutBeneficiaryCheckType0
    from ..models.payout_metadata import PayoutMetadata


T = TypeVar("T", bound="Payout")


@_attrs_define
class Payout:
    """
    Attributes:
        id (int):
        reference (str):
        status (PayoutStatus): CREATED → WAITING_APPROVAL (approvers, by amount band) → SCHEDULED (the cancel window) →
            QUEUED (waiting for the rail’s balance) → SENDING → PROCESSING → SUCCEEDED, FAILED or CANCELLED; RETURNED after
            SUCCEEDED when the rail sends it back.
        rail (PayoutRail):
        amount_minor (int):
        currency (str):
        beneficiary (PayoutBeneficiary): The beneficiary as given, with wallet and account numbers masked but for their
            last four digits
        beneficiary_check (None | PayoutBeneficiaryCheckType0): The rail's word on the beneficiary before sending:
            VERIFIED, NAME_MISMATCH, UNVERIFIABLE, …
        narrative (None | str):
        metadata (PayoutMetadata):
        approvals_required (int):
        cancellable_until (datetime.datetime | None): The end of the cancel window; null until scheduled
        rail_transfer_id (None | str): The rail's own id for the transfer (bKash's transaction id, the bank's
            transaction reference)
        fee_minor (int | None):
        failure_code (None | str):
        failure_reason (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        settled_at (datetime.datetime | None):
    """

    id: int
    reference: str
    status: PayoutStatus
    rail: PayoutRail
    amount_minor: int
    currency: str
    beneficiary: PayoutBeneficiary
    beneficiary_check: None | PayoutBeneficiaryCheckType0
    narrative: None | str
    metadata: PayoutMetadata
    approvals_required: int
    cancellable_until: datetime.datetime | None
    rail_transfer_id: None | str
    fee_minor: int | None
    failure_code: None | str
    failure_reason: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    settled_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        from ..models.payout_beneficiary_check_type_0 import PayoutBeneficiaryCheckType0

        id = self.id

        reference = self.reference

        status = self.status.value

        rail = self.rail.value

        amount_minor = self.amount_minor

        currency = self.currency

        beneficiary = self.beneficiary.to_dict()

        beneficiary_check: dict[str, Any] | None
        if isinstance(self.beneficiary_check, PayoutBeneficiaryCheckType0):
            beneficiary_check = self.beneficiary_check.to_dict()
        else:
            beneficiary_check = self.beneficiary_check

        narrative: None | str
        narrative = self.narrative

        metadata = self.metadata.to_dict()

        approvals_required = self.approvals_required

        cancellable_until: None | str
        if isinstance(self.cancellable_until, datetime.datetime):
            cancellable_until = self.cancellable_until.isoformat()
        else:
            cancellable_until = self.cancellable_until

        rail_transfer_id: None | str
        rail_transfer_id = self.rail_transfer_id

        fee_minor: int | None
        fee_minor = self.fee_minor

        failure_code: None | str
        failure_code = self.failure_code

        failure_reason: None | str
        failure_reason = self.failure_reason

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        settled_at: None | str
        if isinstance(self.settled_at, datetime.datetime):
            settled_at = self.settled_at.isoformat()
        else:
            settled_at = self.settled_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "reference": reference,
                "status": status,
                "rail": rail,
                "amountMinor": amount_minor,
                "currency": currency,
                "beneficiary": beneficiary,
                "beneficiaryCheck": beneficiary_check,
                "narrative": narrative,
                "metadata": metadata,
                "approvalsRequired": approvals_required,
                "cancellableUntil": cancellable_until,
                "railTransferId": rail_transfer_id,
                "feeMinor": fee_minor,
                "failureCode": failure_code,
                "failureReason": failure_reason,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "settledAt": settled_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.payout_beneficiary import PayoutBeneficiary
        from ..models.payout_beneficiary_check_type_0 import PayoutBeneficiaryCheckType0
        from ..models.payout_metadata import PayoutMetadata

        d = dict(src_dict)
        id = d.pop("id")

        reference = d.pop("reference")

        status = PayoutStatus(d.pop("status"))

        rail = PayoutRail(d.pop("rail"))

        amount_minor = d.pop("amountMinor")

        currency = d.pop("currency")

        beneficiary = PayoutBeneficiary.from_dict(d.pop("beneficiary"))

        def _parse_beneficiary_check(
            data: object,
        ) -> None | PayoutBeneficiaryCheckType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                beneficiary_check_type_0 = PayoutBeneficiaryCheckType0.from_dict(data)

                return beneficiary_check_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayoutBeneficiaryCheckType0, data)

        beneficiary_check = _parse_beneficiary_check(d.pop("beneficiaryCheck"))

        def _parse_narrative(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        narrative = _parse_narrative(d.pop("narrative"))

        metadata = PayoutMetadata.from_dict(d.pop("metadata"))

        approvals_required = d.pop("approvalsRequired")

        def _parse_cancellable_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancellable_until_type_0 = datetime.datetime.fromisoformat(data)

                return cancellable_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancellable_until = _parse_cancellable_until(d.pop("cancellableUntil"))

        def _parse_rail_transfer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rail_transfer_id = _parse_rail_transfer_id(d.pop("railTransferId"))

        def _parse_fee_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        fee_minor = _parse_fee_minor(d.pop("feeMinor"))

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failureCode"))

        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failureReason"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        def _parse_settled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                settled_at_type_0 = datetime.datetime.fromisoformat(data)

                return settled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        settled_at = _parse_settled_at(d.pop("settledAt"))

        payout = cls(
            id=id,
            reference=reference,
            status=status,
            rail=rail,
            amount_minor=amount_minor,
            currency=currency,
            beneficiary=beneficiary,
            beneficiary_check=beneficiary_check,
            narrative=narrative,
            metadata=metadata,
            approvals_required=approvals_required,
            cancellable_until=cancellable_until,
            rail_transfer_id=rail_transfer_id,
            fee_minor=fee_minor,
            failure_code=failure_code,
            failure_reason=failure_reason,
            created_at=created_at,
            updated_at=updated_at,
            settled_at=settled_at,
        )

        return payout
