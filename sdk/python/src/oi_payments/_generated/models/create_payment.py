from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.create_payment_currency import CreatePaymentCurrency
from ..models.create_payment_gateway import CreatePaymentGateway
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_payment_metadata import CreatePaymentMetadata


T = TypeVar("T", bound="CreatePayment")


@_attrs_define
class CreatePayment:
    """
    Attributes:
        amount_minor (int): Integer minor units, > 0 (10000 = 100.00 BDT)
        customer_reference (str): Your identifier for the customer
        currency (CreatePaymentCurrency | Unset): ISO-4217 code; defaults to BDT Default: CreatePaymentCurrency.BDT.
        customer_email (str | Unset):
        customer_phone (str | Unset):
        customer_name (str | Unset):
        product_name (str | Unset): Shown on the checkout page
        invoice_id (str | Unset): Link this payment to an invoice
        order_id (str | Unset): Your order id: a second payment for an order that has an open or succeeded one is
            refused (409 DUPLICATE_ORDER)
        metadata (CreatePaymentMetadata | Unset): Up to 20 flat key/value pairs, echoed on reads and webhooks
        return_url (str | Unset): Where checkout links the customer back after the outcome
        cancel_url (str | Unset): Where checkout links the customer back after cancelling
        expires_in_minutes (int | Unset): Checkout window, 5 to 1440 minutes; default 30
        gateway (CreatePaymentGateway | Unset): Without it the customer chooses among the app's gateways on the hosted
            checkout (the one gateway, when the app has one)
    """

    amount_minor: int
    customer_reference: str
    currency: CreatePaymentCurrency | Unset = CreatePaymentCurrency.BDT
    customer_email: str | Unset = UNSET
    customer_phone: str | Unset = UNSET
    customer_name: str | Unset = UNSET
    product_name: str | Unset = UNSET
    invoice_id: str | Unset = UNSET
    order_id: str | Unset = UNSET
    metadata: CreatePaymentMetadata | Unset = UNSET
    return_url: str | Unset = UNSET
    cancel_url: str | Unset = UNSET
    expires_in_minutes: int | Unset = UNSET
    gateway: CreatePaymentGateway | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        customer_reference = self.customer_reference

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency.value

        customer_email = self.customer_email

        customer_phone = self.customer_phone

        customer_name = self.customer_name

        product_name = self.product_name

        invoice_id = self.invoice_id

        order_id = self.order_id

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        return_url = self.return_url

        cancel_url = self.cancel_url

        expires_in_minutes = self.expires_in_minutes

        gateway: str | Unset = UNSET
        if not isinstance(self.gateway, Unset):
            gateway = self.gateway.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amountMinor": amount_minor,
                "customerReference": customer_reference,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if customer_email is not UNSET:
            field_dict["customerEmail"] = customer_email
        if customer_phone is not UNSET:
            field_dict["customerPhone"] = customer_phone
        if customer_name is not UNSET:
            field_dict["customerName"] = customer_name
        if product_name is not UNSET:
            field_dict["productName"] = product_name
        if invoice_id is not UNSET:
            field_dict["invoiceId"] = invoice_id
        if order_id is not UNSET:
            field_dict["orderId"] = order_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if return_url is not UNSET:
            field_dict["returnUrl"] = return_url
        if cancel_url is not UNSET:
            field_dict["cancelUrl"] = cancel_url
        if expires_in_minutes is not UNSET:
            field_dict["expiresInMinutes"] = expires_in_minutes
        if gateway is not UNSET:
            field_dict["gateway"] = gateway

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_payment_metadata import CreatePaymentMetadata

        d = dict(src_dict)
        amount_minor = d.pop("amountMinor")

        customer_reference = d.pop("customerReference")

        _currency = d.pop("currency", UNSET)
        currency: CreatePaymentCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = CreatePaymentCurrency(_currency)

        customer_email = d.pop("customerEmail", UNSET)

        customer_phone = d.pop("customerPhone", UNSET)

        customer_name = d.pop("customerName", UNSET)

        product_name = d.pop("productName", UNSET)

        invoice_id = d.pop("invoiceId", UNSET)

        order_id = d.pop("orderId", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CreatePaymentMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CreatePaymentMetadata.from_dict(_metadata)

        return_url = d.pop("returnUrl", UNSET)

        cancel_url = d.pop("cancelUrl", UNSET)

        expires_in_minutes = d.pop("expiresInMinutes", UNSET)

        _gateway = d.pop("gateway", UNSET)
        gateway: CreatePaymentGateway | Unset
        if isinstance(_gateway, Unset):
            gateway = UNSET
        else:
            gateway = CreatePaymentGateway(_gateway)

        create_payment = cls(
            amount_minor=amount_minor,
            customer_reference=customer_reference,
            currency=currency,
            customer_email=customer_email,
            customer_phone=customer_phone,
            customer_name=customer_name,
            product_name=product_name,
            invoice_id=invoice_id,
            order_id=order_id,
            metadata=metadata,
            return_url=return_url,
            cancel_url=cancel_url,
            expires_in_minutes=expires_in_minutes,
            gateway=gateway,
        )

        return create_payment
