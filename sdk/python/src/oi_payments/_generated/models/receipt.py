from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.receipt_status import ReceiptStatus

T = TypeVar("T", bound="Receipt")


@_attrs_define
class Receipt:
    """
    Attributes:
        receipt_number (str):
        reference (str):
        merchant (str):
        product_name (None | str):
        customer_reference (str):
        customer_name (None | str):
        amount_minor (int):
        refunded_minor (int):
        currency (str):
        amount_formatted (str):
        gateway (str):
        gateway_transaction_id (None | str):
        status (ReceiptStatus):
        paid_at (datetime.datetime | None):
    """

    receipt_number: str
    reference: str
    merchant: str
    product_name: None | str
    customer_reference: str
    customer_name: None | str
    amount_minor: int
    refunded_minor: int
    currency: str
    amount_formatted: str
    gateway: str
    gateway_transaction_id: None | str
    status: ReceiptStatus
    paid_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        receipt_number = self.receipt_number

        reference = self.reference

        merchant = self.merchant

        product_name: None | str
        product_name = self.product_name

        customer_reference = self.customer_reference

        customer_name: None | str
        customer_name = self.customer_name

        amount_minor = self.amount_minor

        refunded_minor = self.refunded_minor

        currency = self.currency

        amount_formatted = self.amount_formatted

        gateway = self.gateway

        gateway_transaction_id: None | str
        gateway_transaction_id = self.gateway_transaction_id

        status = self.status.value

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "receiptNumber": receipt_number,
                "reference": reference,
                "merchant": merchant,
                "productName": product_name,
                "customerReference": customer_reference,
                "customerName": customer_name,
                "amountMinor": amount_minor,
                "refundedMinor": refunded_minor,
                "currency": currency,
                "amountFormatted": amount_formatted,
                "gateway": gateway,
                "gatewayTransactionId": gateway_transaction_id,
                "status": status,
                "paidAt": paid_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        receipt_number = d.pop("receiptNumber")

        reference = d.pop("reference")

        merchant = d.pop("merchant")

        def _parse_product_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product_name = _parse_product_name(d.pop("productName"))

        customer_reference = d.pop("customerReference")

        def _parse_customer_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_name = _parse_customer_name(d.pop("customerName"))

        amount_minor = d.pop("amountMinor")

        refunded_minor = d.pop("refundedMinor")

        currency = d.pop("currency")

        amount_formatted = d.pop("amountFormatted")

        gateway = d.pop("gateway")

        def _parse_gateway_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gateway_transaction_id = _parse_gateway_transaction_id(
            d.pop("gatewayTransactionId")
        )

        status = ReceiptStatus(d.pop("status"))

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paidAt"))

        receipt = cls(
            receipt_number=receipt_number,
            reference=reference,
            merchant=merchant,
            product_name=product_name,
            customer_reference=customer_reference,
            customer_name=customer_name,
            amount_minor=amount_minor,
            refunded_minor=refunded_minor,
            currency=currency,
            amount_formatted=amount_formatted,
            gateway=gateway,
            gateway_transaction_id=gateway_transaction_id,
            status=status,
            paid_at=paid_at,
        )

        return receipt
