from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="RecoverWebhookEndpoint")


@_attrs_define
class RecoverWebhookEndpoint:
    """
    Attributes:
        since (datetime.datetime): Re-deliver what the endpoint failed to take among events written from this instant
            (ISO-8601) until now; at most EVENT_RETENTION_DAYS ago
    """

    since: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "since": since,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        since = datetime.datetime.fromisoformat(d.pop("since"))

        recover_webhook_endpoint = cls(
            since=since,
        )

        return recover_webhook_endpoint
