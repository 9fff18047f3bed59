from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.webhook_ping_data_mode import WebhookPingDataMode

T = TypeVar("T", bound="WebhookPingData")


@_attrs_define
class WebhookPingData:
    """
    Attributes:
        app_id (int):
        mode (WebhookPingDataMode):
    """

    app_id: int
    mode: WebhookPingDataMode

    def to_dict(self) -> dict[str, Any]:
        app_id = self.app_id

        mode = self.mode.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "appId": app_id,
                "mode": mode,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        app_id = d.pop("appId")

        mode = WebhookPingDataMode(d.pop("mode"))

        webhook_ping_data = cls(
            app_id=app_id,
            mode=mode,
        )

        return webhook_ping_data
