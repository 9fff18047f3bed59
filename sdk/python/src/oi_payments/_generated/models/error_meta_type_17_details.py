from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="ErrorMetaType17Details")


@_attrs_define
class ErrorMetaType17Details:
    """Send the challenge back with the code (POST /admin/session/second-factor)

    Attributes:
        challenge (str):
        expires_at (datetime.datetime):
    """

    challenge: str
    expires_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        challenge = self.challenge

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "challenge": challenge,
                "expiresAt": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        challenge = d.pop("challenge")

        expires_at = datetime.datetime.fromisoformat(d.pop("expiresAt"))

        error_meta_type_17_details = cls(
            challenge=challenge,
            expires_at=expires_at,
        )

        return error_meta_type_17_details
