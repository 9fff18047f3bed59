from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.payment_with_refunds_mode import PaymentWithRefundsMode
from ..models.payment_with_refunds_payment_method_type_type_1 import (
    PaymentWithRefundsPaymentMethodTypeType1,
)
from ..models.payment_with_refunds_payment_method_type_type_2_type_1 import (
    PaymentWithRefundsPaymentMethodTypeType2Type1,
)
from ..models.payment_with_refunds_payment_method_type_type_3_type_1 import (
    PaymentWithRefundsPaymentMethodTypeType3Type1,
)
from ..models.payment_with_refunds_status import PaymentWithRefundsStatus

if TYPE_CHECKING:
    from ..models.dispute import Dispute
    from ..models.payment_with_refunds_metadata import PaymentWithRefundsMetadata
    from ..models.refund import Refund


T = TypeVar("T", bound="PaymentWithRefunds")


@_attrs_define
class PaymentWithRefunds:
    """A payment with its refunds and its disputes, each oldest first

    Attributes:
        id (int):
        reference (str):
        status (PaymentWithRefundsStatus):
        amount_minor (int):
        currency (str):
        amount_formatted (str):
        refunded_minor (int):
        customer_reference (str):
        customer_email (None | str):
        customer_phone (None | str):
        customer_name (None | str):
        product_name (None | str):
        invoice_id (None | str):
        order_id (None | str):
        metadata (PaymentWithRefundsMetadata):
        gateway (None | str): The gateway the payment is bound to: the one the app named, the only one it can use for
            this amount, or the customer's choice on the checkout; null until the customer chooses
        gateway_transaction_id (None | str):
        payment_method (None | str): The wallet or card scheme that paid, as the gateway reported it
        payment_method_type (None | PaymentWithRefundsPaymentMethodTypeType1 |
            PaymentWithRefundsPaymentMethodTypeType2Type1 | PaymentWithRefundsPaymentMethodTypeType3Type1): What kind of
            method paid, the same for every gateway; null until the payment is captured. CARD: A debit, credit or prepaid
            card (Visa, Mastercard, Amex, DBBL Nexus, Q-Cash, UnionPay…), also when paid through a card wallet such as Apple
            Pay or Google Pay. BKASH: A bKash wallet: bKash direct, or bKash through SSLCOMMERZ. NAGAD: A Nagad wallet:
            Nagad direct, or Nagad through SSLCOMMERZ. ROCKET: Rocket, Dutch-Bangla Bank's mobile banking (SSLCOMMERZ's
            ROCKET and DBBLMOBILEB). UPAY: upay, United Commercial Bank's mobile wallet. MOBILE_BANKING: Another mobile
            wallet (MyCash, mCash, Tap, OK Wallet, SureCash, tcash, iPay). INTERNET_BANKING: A bank's internet banking
            (Islami Bank, City Touch, Bank Asia, AB Bank, Mutual Trust Bank). BANK_TRANSFER: Straight from a bank account: a
            recorded bank transfer, or a bank debit through Stripe (us_bank_account, sepa_debit…). CASH: Cash, as a recorded
            receipt says. CHEQUE: A cheque, as a recorded receipt says. OTHER: A method the gateway named that is none of
            the above, or none named at all.
        failure_reason (None | str):
        return_url (None | str):
        cancel_url (None | str):
        checkout_url (str):
        mode (PaymentWithRefundsMode):
        expires_at (datetime.datetime):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        settled_at (datetime.datetime | None):
        refunds (list[Refund]):
        disputes (list[Dispute]):
    """

    id: int
    reference: str
    status: PaymentWithRefundsStatus
    amount_minor: int
    currency: str
    amount_formatted: str
    refunded_minor: int
    customer_reference: str
    customer_email: None | str
    customer_phone: None | str
    customer_name: None | str
    product_name: None | str
    invoice_id: None | str
    order_id: None | str
    metadata: PaymentWithRefundsMetadata
    gateway: None | str
    gateway_transaction_id: None | str
    payment_method: None | str
    payment_method_type: (
        None
        | PaymentWithRefundsPaymentMethodTypeType1
        | PaymentWithRefundsPaymentMethodTypeType2Type1
        | PaymentWithRefundsPaymentMethodTypeType3Type1
    )
    failure_reason: None | str
    return_url: None | str
    cancel_url: None | str
    checkout_url: str
    mode: PaymentWithRefundsMode
    expires_at: datetime.datetime
    created_at: datetime.datetime
    updated_at: datetime.datetime
    settled_at: datetime.datetime | None
    refunds: list[Refund]
    disputes: list[Dispute]

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        reference = self.reference

        status = self.status.value

        amount_minor = self.amount_minor

        currency = self.currency

        amount_formatted = self.amount_formatted

        refunded_minor = self.refunded_minor

        customer_reference = self.customer_reference

        customer_email: None | str
        customer_email = self.customer_email

        customer_phone: None | str
        customer_phone = self.customer_phone

        customer_name: None | str
        customer_name = self.customer_name

        product_name: None | str
        product_name = self.product_name

        invoice_id: None | str
        invoice_id = self.invoice_id

        order_id: None | str
        order_id = self.order_id

        metadata = self.metadata.to_dict()

        gateway: None | str
        gateway = self.gateway

        gateway_transaction_id: None | str
        gateway_transaction_id = self.gateway_transaction_id

        payment_method: None | str
        payment_method = self.payment_method

        payment_method_type: None | str
        if (
            isinstance(
                self.payment_method_type, PaymentWithRefundsPaymentMethodTypeType1
            )
            or isinstance(
                self.payment_method_type, PaymentWithRefundsPaymentMethodTypeType2Type1
            )
            or isinstance(
                self.payment_method_type, PaymentWithRefundsPaymentMethodTypeType3Type1
            )
        ):
            payment_method_type = self.payment_method_type.value
        else:
            payment_method_type = self.payment_method_type

        failure_reason: None | str
        failure_reason = self.failure_reason

        return_url: None | str
        return_url = self.return_url

        cancel_url: None | str
        cancel_url = self.cancel_url

        checkout_url = self.checkout_url

        mode = self.mode.value

        expires_at = self.expires_at.isoformat()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        settled_at: None | str
        if isinstance(self.settled_at, datetime.datetime):
            settled_at = self.settled_at.isoformat()
        else:
            settled_at = self.settled_at

        refunds = []
        for refunds_item_data in self.refunds:
            refunds_item = refunds_item_data.to_dict()
            refunds.append(refunds_item)

        disputes = []
        for disputes_item_data in self.disputes:
            disputes_item = disputes_item_data.to_dict()
            disputes.append(disputes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "reference": reference,
                "status": status,
                "amountMinor": amount_minor,
                "currency": currency,
                "amountFormatted": amount_formatted,
                "refundedMinor": refunded_minor,
                "customerReference": customer_reference,
                "customerEmail": customer_email,
                "customerPhone": customer_phone,
                "customerName": customer_name,
                "productName": product_name,
                "invoiceId": invoice_id,
                "orderId": order_id,
                "metadata": metadata,
                "gateway": gateway,
                "gatewayTransactionId": gateway_transaction_id,
                "paymentMethod": payment_method,
                "paymentMethodType": payment_method_type,
                "failureReason": failure_reason,
                "returnUrl": return_url,
                "cancelUrl": cancel_url,
                "checkoutUrl": checkout_url,
                "mode": mode,
                "expiresAt": expires_at,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "settledAt": settled_at,
                "refunds": refunds,
                "disputes": disputes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dispute import Dispute
        from ..models.payment_with_refunds_metadata import PaymentWithRefundsMetadata
        from ..models.refund import Refund

        d = dict(src_dict)
        id = d.pop("id")

        reference = d.pop("reference")

        status = PaymentWithRefundsStatus(d.pop("status"))

        amount_minor = d.pop("amountMinor")

        currency = d.pop("currency")

        amount_formatted = d.pop("amountFormatted")

        refunded_minor = d.pop("refundedMinor")

        customer_reference = d.pop("customerReference")

        def _parse_customer_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_email = _parse_customer_email(d.pop("customerEmail"))

        def _parse_customer_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_phone = _parse_customer_phone(d.pop("customerPhone"))

        def _parse_customer_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_name = _parse_customer_name(d.pop("customerName"))

        def _parse_product_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product_name = _parse_product_name(d.pop("productName"))

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoiceId"))

        def _parse_order_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_id = _parse_order_id(d.pop("orderId"))

        metadata = PaymentWithRefundsMetadata.from_dict(d.pop("metadata"))

        def _parse_gateway(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gateway = _parse_gateway(d.pop("gateway"))

        def _parse_gateway_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gateway_transaction_id = _parse_gateway_transaction_id(
            d.pop("gatewayTransactionId")
        )

        def _parse_payment_method(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_method = _parse_payment_method(d.pop("paymentMethod"))

        def _parse_payment_method_type(
            data: object,
        ) -> (
            None
            | PaymentWithRefundsPaymentMethodTypeType1
            | PaymentWithRefundsPaymentMethodTypeType2Type1
            | PaymentWithRefundsPaymentMethodTypeType3Type1
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_method_type_type_1 = PaymentWithRefundsPaymentMethodTypeType1(
                    data
                )

                return payment_method_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_method_type_type_2_type_1 = (
                    PaymentWithRefundsPaymentMethodTypeType2Type1(data)
                )

                return payment_method_type_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_method_type_type_3_type_1 = (
                    PaymentWithRefundsPaymentMethodTypeType3Type1(data)
                )

                return payment_method_type_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | PaymentWithRefundsPaymentMethodTypeType1
                | PaymentWithRefundsPaymentMethodTypeType2Type1
                | PaymentWithRefundsPaymentMethodTypeType3Type1,
                data,
            )

        payment_method_type = _parse_payment_method_type(d.pop("paymentMethodType"))

        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failureReason"))

        def _parse_return_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        return_url = _parse_return_url(d.pop("returnUrl"))

        def _parse_cancel_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_url = _parse_cancel_url(d.pop("cancelUrl"))

        checkout_url = d.pop("checkoutUrl")

        mode = PaymentWithRefundsMode(d.pop("mode"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

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

        refunds = []
        _refunds = d.pop("refunds")
        for refunds_item_data in _refunds:
            refunds_item = Refund.from_dict(refunds_item_data)

            refunds.append(refunds_item)

        disputes = []
        _disputes = d.pop("disputes")
        for disputes_item_data in _disputes:
            disputes_item = Dispute.from_dict(disputes_item_data)

            disputes.append(disputes_item)

        payment_with_refunds = cls(
            id=id,
            reference=reference,
            status=status,
            amount_minor=amount_minor,
            currency=currency,
            amount_formatted=amount_formatted,
            refunded_minor=refunded_minor,
            customer_reference=customer_reference,
            customer_email=customer_email,
            customer_phone=customer_phone,
            customer_name=customer_name,
            product_name=product_name,
            invoice_id=invoice_id,
            order_id=order_id,
            metadata=metadata,
            gateway=gateway,
            gateway_transaction_id=gateway_transaction_id,
            payment_method=payment_method,
            payment_method_type=payment_method_type,
            failure_reason=failure_reason,
            return_url=return_url,
            cancel_url=cancel_url,
            checkout_url=checkout_url,
            mode=mode,
            expires_at=expires_at,
            created_at=created_at,
            updated_at=updated_at,
            settled_at=settled_at,
            refunds=refunds,
            disputes=disputes,
        )

        return payment_with_refunds
