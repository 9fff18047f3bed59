from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_14_details_kind import ErrorMetaType14DetailsKind
from ..models.error_meta_type_14_details_limit import ErrorMetaType14DetailsLimit

T = TypeVar("T", bound="ErrorMetaType14Details")


@_attrs_define
class ErrorMetaType14Details:
    """
    Attributes:
        kind (ErrorMetaType14DetailsKind):
        limit (ErrorMetaType14DetailsLimit):
        limit_minor (int):
        currency (str):
    """

    kind: ErrorMetaType14DetailsKind
    limit: ErrorMetaType14DetailsLimit
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
        kind = ErrorMetaType14DetailsKind(d.pop("kind"))

        limit = ErrorMetaType14DetailsLimit(d.pop("limit"))

        limit_minor = d.pop("limitMinor")

        currency = d.pop("currency")

        error_meta_type_14_details = cls(
            kind=kind,
            limit=limit,
            limit_minor=limit_minor,
            currency=currency,
        )

        return error_meta_type_14_details
