from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_2_details_status import ErrorMetaType2DetailsStatus

T = TypeVar("T", bound="ErrorMetaType2Details")


@_attrs_define
class ErrorMetaType2Details:
    """The payment the order already has

    Attributes:
        order_id (str):
        reference (str):
        status (ErrorMetaType2DetailsStatus):
    """

    order_id: str
    reference: str
    status: ErrorMetaType2DetailsStatus

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        reference = self.reference

        status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "orderId": order_id,
                "reference": reference,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        order_id = d.pop("orderId")

        reference = d.pop("reference")

        status = ErrorMetaType2DetailsStatus(d.pop("status"))

        error_meta_type_2_details = cls(
            order_id=order_id,
            reference=reference,
            status=status,
        )

        return error_meta_type_2_details
