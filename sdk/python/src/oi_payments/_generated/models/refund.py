from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.refund_funds import RefundFunds
from ..models.refund_mode import RefundMode
from ..models.refund_route import RefundRoute
from ..models.refund_status import RefundStatus

if TYPE_CHECKING:
    from ..models.refund_destination_type_0 import RefundDestinationType0
    from ..models.refund_expected_arrival import RefundExpectedArrival
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
        failure_reason (None | str): Why it failed, was rejected or expired. A refund paid out by a rail leads with the
            payout's code (BENEFICIARY_BLOCKED: …), and with PAYOUT_RETURNED: … when the bank sent the transfer back after
            the refund had succeeded
        mode (RefundMode):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        settled_at (datetime.datetime | None):
        route (RefundRoute): How the money goes back: the gateway's refund, a payout to the destination (a gateway that
            cannot refund, or a bKash payment past its refund window), or finance paying by hand
        rail (None | str): The payout rail (bkash, nagad, bank), the payment gateway, or finance
        payout_reference (None | str): The payout that pays the refund back, once made
        destination (None | RefundDestinationType0): Where a paid-out refund goes, as given, with wallet and account
            numbers masked but for their last four digits
        expected_arrival (RefundExpectedArrival): When the customer can expect the money: a wallet within minutes of the
            approval, a bank account (BEFTN) by the next banking day
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
    route: RefundRoute
    rail: None | str
    payout_reference: None | str
    destination: None | RefundDestinationType0
    expected_arrival: RefundExpectedArrival

    def to_dict(self) -> dict[str, Any]:
        from ..models.refund_destination_type_0 import RefundDestinationType0

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

        route = self.route.value

        rail: None | str
        rail = self.rail

        payout_reference: None | str
        payout_reference = self.payout_reference

        destination: dict[str, Any] | None
        if isinstance(self.destination, RefundDestinationType0):
            destination = self.destination.to_dict()
        else:
            destination = self.destination

        expected_arrival = self.expected_arrival.to_dict()

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
                "route": route,
                "rail": rail,
                "payoutReference": payout_reference,
                "destination": destination,
                "expectedArrival": expected_arrival,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.refund_destination_type_0 import RefundDestinationType0
        from ..models.refund_expected_arrival import RefundExpectedArrival
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

        route = RefundRoute(d.pop("route"))

        def _parse_rail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rail = _parse_rail(d.pop("rail"))

        def _parse_payout_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payout_reference = _parse_payout_reference(d.pop("payoutReference"))

        def _parse_destination(data: object) -> None | RefundDestinationType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                destination_type_0 = RefundDestinationType0.from_dict(data)

                return destination_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RefundDestinationType0, data)

        destination = _parse_destination(d.pop("destination"))

        expected_arrival = RefundExpectedArrival.from_dict(d.pop("expectedArrival"))

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
            route=route,
            rail=rail,
            payout_reference=payout_reference,
            destination=destination,
            expected_arrival=expected_arrival,
        )

        return refund
