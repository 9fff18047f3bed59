from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.error_meta_type_13_details_required_scope_type_1 import (
    ErrorMetaType13DetailsRequiredScopeType1,
)
from ..models.error_meta_type_13_details_required_scope_type_2_type_1 import (
    ErrorMetaType13DetailsRequiredScopeType2Type1,
)
from ..models.error_meta_type_13_details_required_scope_type_3_type_1 import (
    ErrorMetaType13DetailsRequiredScopeType3Type1,
)

T = TypeVar("T", bound="ErrorMetaType13Details")


@_attrs_define
class ErrorMetaType13Details:
    """
    Attributes:
        required_scope (ErrorMetaType13DetailsRequiredScopeType1 | ErrorMetaType13DetailsRequiredScopeType2Type1 |
            ErrorMetaType13DetailsRequiredScopeType3Type1 | None): The scope the request needs; null: the route is not open
            to API keys
    """

    required_scope: (
        ErrorMetaType13DetailsRequiredScopeType1
        | ErrorMetaType13DetailsRequiredScopeType2Type1
        | ErrorMetaType13DetailsRequiredScopeType3Type1
        | None
    )

    def to_dict(self) -> dict[str, Any]:
        required_scope: None | str
        if (
            isinstance(self.required_scope, ErrorMetaType13DetailsRequiredScopeType1)
            or isinstance(
                self.required_scope, ErrorMetaType13DetailsRequiredScopeType2Type1
            )
            or isinstance(
                self.required_scope, ErrorMetaType13DetailsRequiredScopeType3Type1
            )
        ):
            required_scope = self.required_scope.value
        else:
            required_scope = self.required_scope

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "requiredScope": required_scope,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_required_scope(
            data: object,
        ) -> (
            ErrorMetaType13DetailsRequiredScopeType1
            | ErrorMetaType13DetailsRequiredScopeType2Type1
            | ErrorMetaType13DetailsRequiredScopeType3Type1
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                required_scope_type_1 = ErrorMetaType13DetailsRequiredScopeType1(data)

                return required_scope_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                required_scope_type_2_type_1 = (
                    ErrorMetaType13DetailsRequiredScopeType2Type1(data)
                )

                return required_scope_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                required_scope_type_3_type_1 = (
                    ErrorMetaType13DetailsRequiredScopeType3Type1(data)
                )

                return required_scope_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                ErrorMetaType13DetailsRequiredScopeType1
                | ErrorMetaType13DetailsRequiredScopeType2Type1
                | ErrorMetaType13DetailsRequiredScopeType3Type1
                | None,
                data,
            )

        required_scope = _parse_required_scope(d.pop("requiredScope"))

        error_meta_type_13_details = cls(
            required_scope=required_scope,
        )

        return error_meta_type_13_details
