from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.refund_funds import RefundFunds
from ..models.refund_mode import RefundMode
from ..models.refund_status import RefundStatus

if TYPE_CHECKING:
    from ..models.refund_metadata import RefundMetadata


T = TypeVar("T", bound="Refund")


@_attrs_define
class Refund:
    """
    Attributes:
        id (int):
        reference (str):
        payment_reference (str):
        status (RefundStatus):
        amount_minor (int):
        currency (str):
        amount_formatted (str):
        funds (RefundFunds): CAPTURED: part of the payment's capture. UNAPPLIED: money the gateway captured that the
            payment could not keep (captured after it closed, or not the amount asked for), returned to the customer.
        reason (None | str):
        metadata (RefundMetadata):
        failure_reason (None | str):
        mode (RefundMode):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        settled_at (datetime.datetime | None):
    """

    id: int
    reference: str
    payment_reference: str
    status: RefundStatus
    amount_minor: int
    currency: str
    amount_formatted: str
    funds: RefundFunds
    reason: None | str
    metadata: RefundMetadata
    failure_reason: None | str
    mode: RefundMode
    created_at: datetime.datetime
    updated_at: datetime.datetime
    settled_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        reference = self.reference

        payment_reference = self.payment_reference

        status = self.status.value

        amount_minor = self.amount_minor

        currency = self.currency

        amount_formatted = self.amount_formatted

        funds = self.funds.value

        reason: None | str
        reason = self.reason

        metadata = self.metadata.to_dict()

        failure_reason: None | str
        failure_reason = self.failure_reason

        mode = self.mode.value

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
                "paymentReference": payment_reference,
                "status": status,
                "amountMinor": amount_minor,
                "currency": currency,
                "amountFormatted": amount_formatted,
                "funds": funds,
                "reason": reason,
                "metadata": metadata,
                "failureReason": failure_reason,
                "mode": mode,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "settledAt": settled_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.refund_metadata import RefundMetadata

        d = dict(src_dict)
        id = d.pop("id")

        reference = d.pop("reference")

        payment_reference = d.pop("paymentReference")

        status = RefundStatus(d.pop("status"))

        amount_minor = d.pop("amountMinor")

        currency = d.pop("currency")

        amount_formatted = d.pop("amountFormatted")

        funds = RefundFunds(d.pop("funds"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        metadata = RefundMetadata.from_dict(d.pop("metadata"))

        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failureReason"))

        mode = RefundMode(d.pop("mode"))

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

        refund = cls(
            id=id,
            reference=reference,
            payment_reference=payment_reference,
            status=status,
            amount_minor=amount_minor,
            currency=currency,
            amount_formatted=amount_formatted,
            funds=funds,
            reason=reason,
            metadata=metadata,
            failure_reason=failure_reason,
            mode=mode,
            created_at=created_at,
            updated_at=updated_at,
            settled_at=settled_at,
        )

        return refund
