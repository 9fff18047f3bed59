from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.dispute_mode import DisputeMode
from ..models.dispute_status import DisputeStatus

T = TypeVar("T", bound="Dispute")


@_attrs_define
class Dispute:
    """A dispute (chargeback) of a captured payment

    Attributes:
        reference (str):
        payment_reference (str):
        status (DisputeStatus): OPEN: the gateway took the disputed amount back while the dispute is argued. WON: it
            came back. LOST: it stays gone. WON and LOST are final.
        amount_minor (int): The disputed amount, taken out of the app's balance while OPEN and for good when LOST
        currency (str):
        amount_formatted (str):
        reason (None | str): The gateway's words for why the cardholder disputed (fraudulent, product_not_received, …)
        gateway (str):
        gateway_dispute_id (str): The gateway's id of the dispute (a Stripe dispute, a settlement's chargeback)
        mode (DisputeMode):
        opened_at (datetime.datetime):
        closed_at (datetime.datetime | None):
    """

    reference: str
    payment_reference: str
    status: DisputeStatus
    amount_minor: int
    currency: str
    amount_formatted: str
    reason: None | str
    gateway: str
    gateway_dispute_id: str
    mode: DisputeMode
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        payment_reference = self.payment_reference

        status = self.status.value

        amount_minor = self.amount_minor

        currency = self.currency

        amount_formatted = self.amount_formatted

        reason: None | str
        reason = self.reason

        gateway = self.gateway

        gateway_dispute_id = self.gateway_dispute_id

        mode = self.mode.value

        opened_at = self.opened_at.isoformat()

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reference": reference,
                "paymentReference": payment_reference,
                "status": status,
                "amountMinor": amount_minor,
                "currency": currency,
                "amountFormatted": amount_formatted,
                "reason": reason,
                "gateway": gateway,
                "gatewayDisputeId": gateway_dispute_id,
                "mode": mode,
                "openedAt": opened_at,
                "closedAt": closed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        reference = d.pop("reference")

        payment_reference = d.pop("paymentReference")

        status = DisputeStatus(d.pop("status"))

        amount_minor = d.pop("amountMinor")

        currency = d.pop("currency")

        amount_formatted = d.pop("amountFormatted")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        gateway = d.pop("gateway")

        gateway_dispute_id = d.pop("gatewayDisputeId")

        mode = DisputeMode(d.pop("mode"))

        opened_at = datetime.datetime.fromisoformat(d.pop("openedAt"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closedAt"))

        dispute = cls(
            reference=reference,
            payment_reference=payment_reference,
            status=status,
            amount_minor=amount_minor,
            currency=currency,
            amount_formatted=amount_formatted,
            reason=reason,
            gateway=gateway,
            gateway_dispute_id=gateway_dispute_id,
            mode=mode,
            opened_at=opened_at,
            closed_at=closed_at,
        )

        return dispute
