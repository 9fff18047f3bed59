from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.webhook_endpoint_enabled_events_item import (
    WebhookEndpointEnabledEventsItem,
)
from ..models.webhook_endpoint_mode import WebhookEndpointMode

T = TypeVar("T", bound="WebhookEndpoint")


@_attrs_define
class WebhookEndpoint:
    """
    Attributes:
        id (str): The endpoint id (we_…)
        url (str):
        description (str):
        enabled_events (list[WebhookEndpointEnabledEventsItem]): The event types it is sent; empty: every type
        enabled (bool): Whether events are sent to it
        mode (WebhookEndpointMode):
        previous_secret_expires_at (datetime.datetime | None): After a rotation: until when deliveries carry a signature
            with the replaced secret too
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: str
    url: str
    description: str
    enabled_events: list[WebhookEndpointEnabledEventsItem]
    enabled: bool
    mode: WebhookEndpointMode
    previous_secret_expires_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        url = self.url

        description = self.description

        enabled_events = []
        for enabled_events_item_data in self.enabled_events:
            enabled_events_item = enabled_events_item_data.value
            enabled_events.append(enabled_events_item)

        enabled = self.enabled

        mode = self.mode.value

        previous_secret_expires_at: None | str
        if isinstance(self.previous_secret_expires_at, datetime.datetime):
            previous_secret_expires_at = self.previous_secret_expires_at.isoformat()
        else:
            previous_secret_expires_at = self.previous_secret_expires_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "url": url,
                "description": description,
                "enabledEvents": enabled_events,
                "enabled": enabled,
                "mode": mode,
                "previousSecretExpiresAt": previous_secret_expires_at,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        description = d.pop("description")

        enabled_events = []
        _enabled_events = d.pop("enabledEvents")
        for enabled_events_item_data in _enabled_events:
            enabled_events_item = WebhookEndpointEnabledEventsItem(
                enabled_events_item_data
            )

            enabled_events.append(enabled_events_item)

        enabled = d.pop("enabled")

        mode = WebhookEndpointMode(d.pop("mode"))

        def _parse_previous_secret_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_secret_expires_at_type_0 = datetime.datetime.fromisoformat(
                    data
                )

                return previous_secret_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_secret_expires_at = _parse_previous_secret_expires_at(
            d.pop("previousSecretExpiresAt")
        )

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        webhook_endpoint = cls(
            id=id,
            url=url,
            description=description,
            enabled_events=enabled_events,
            enabled=enabled,
            mode=mode,
            previous_secret_expires_at=previous_secret_expires_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        return webhook_endpoint
