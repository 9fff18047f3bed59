from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_11_details_kind import ErrorMetaType11DetailsKind
from ..models.error_meta_type_11_details_limit import ErrorMetaType11DetailsLimit

T = TypeVar("T", bound="ErrorMetaType11Details")


@_attrs_define
class ErrorMetaType11Details:
    """
    Attributes:
        kind (ErrorMetaType11DetailsKind):
        limit (ErrorMetaType11DetailsLimit):
        limit_minor (int):
        currency (str):
    """

    kind: ErrorMetaType11DetailsKind
    limit: ErrorMetaType11DetailsLimit
    limit_minor: int
    currency: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        limit = self.limit.value

        limit_minor = self.limit_minor

        currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "limit": limit,
                "limitMinor": limit_minor,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = ErrorMetaType11DetailsKind(d.pop("kind"))

        limit = ErrorMetaType11DetailsLimit(d.pop("limit"))

        limit_minor = d.pop("limitMinor")

        currency = d.pop("currency")

        error_meta_type_11_details = cls(
            kind=kind,
            limit=limit,
            limit_minor=limit_minor,
            currency=currency,
        )

        return error_meta_type_11_details
