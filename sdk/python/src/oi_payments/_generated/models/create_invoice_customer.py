from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateInvoiceCustomer")


@_attrs_define
class CreateInvoiceCustomer:
    """
    Attributes:
        customer_reference (str): Your identifier for the customer
        name (str | Unset): The customer's name as it goes on the invoice
        email (str | Unset):
        phone (str | Unset):
        address (str | Unset):
    """

    customer_reference: str
    name: str | Unset = UNSET
    email: str | Unset = UNSET
    phone: str | Unset = UNSET
    address: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        customer_reference = self.customer_reference

        name = self.name

        email = self.email

        phone = self.phone

        address = self.address

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customerReference": customer_reference,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if address is not UNSET:
            field_dict["address"] = address

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_reference = d.pop("customerReference")

        name = d.pop("name", UNSET)

        email = d.pop("email", UNSET)

        phone = d.pop("phone", UNSET)

        address = d.pop("address", UNSET)

        create_invoice_customer = cls(
            customer_reference=customer_reference,
            name=name,
            email=email,
            phone=phone,
            address=address,
        )

        return create_invoice_customer
