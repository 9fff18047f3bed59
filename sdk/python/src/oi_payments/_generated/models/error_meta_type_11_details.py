from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorMetaType11Details")


@_attrs_define
class ErrorMetaType11Details:
    """
    Attributes:
        limit (int | None | str | Unset): The setting whose limit the file passed
        value (int | None | Unset): That setting's value
        upload_id (int | Unset): The upload, as GET /admin/settlements/uploads/{id} names it
    """

    limit: int | None | str | Unset = UNSET
    value: int | None | Unset = UNSET
    upload_id: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        limit: int | None | str | Unset
        if isinstance(self.limit, Unset):
            limit = UNSET
        else:
            limit = self.limit

        value: int | None | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        upload_id = self.upload_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if limit is not UNSET:
            field_dict["limit"] = limit
        if value is not UNSET:
            field_dict["value"] = value
        if upload_id is not UNSET:
            field_dict["uploadId"] = upload_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_limit(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        limit = _parse_limit(d.pop("limit", UNSET))

        def _parse_value(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        value = _parse_value(d.pop("value", UNSET))

        upload_id = d.pop("uploadId", UNSET)

        error_meta_type_11_details = cls(
            limit=limit,
            value=value,
            upload_id=upload_id,
        )

        return error_meta_type_11_details
