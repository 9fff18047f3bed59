from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="InvoiceCustomer")


@_attrs_define
class InvoiceCustomer:
    """
    Attributes:
        customer_reference (str):
        name (None | str):
        email (None | str):
        phone (None | str):
        address (None | str):
    """

    customer_reference: str
    name: None | str
    email: None | str
    phone: None | str
    address: None | str

    def to_dict(self) -> dict[str, Any]:
        customer_reference = self.customer_reference

        name: None | str
        name = self.name

        email: None | str
        email = self.email

        phone: None | str
        phone = self.phone

        address: None | str
        address = self.address

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "customerReference": customer_reference,
                "name": name,
                "email": email,
                "phone": phone,
                "address": address,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_reference = d.pop("customerReference")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        address = _parse_address(d.pop("address"))

        invoice_customer = cls(
            customer_reference=customer_reference,
            name=name,
            email=email,
            phone=phone,
            address=address,
        )

        return invoice_customer
