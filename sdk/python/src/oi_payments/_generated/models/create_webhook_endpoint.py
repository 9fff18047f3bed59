from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.create_webhook_endpoint_enabled_events_item import (
    CreateWebhookEndpointEnabledEventsItem,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateWebhookEndpoint")


@_attrs_define
class CreateWebhookEndpoint:
    """
    Attributes:
        url (str): Where events are POSTed, signed per Standard Webhooks. LIVE endpoints must use https
        description (str | Unset): What the endpoint is for, for the app’s own people
        enabled_events (list[CreateWebhookEndpointEnabledEventsItem] | Unset): The event types this endpoint is sent;
            empty (the default) sends it every type
        enabled (bool | Unset): Whether events are sent to it; a disabled endpoint is sent nothing
    """

    url: str
    description: str | Unset = UNSET
    enabled_events: list[CreateWebhookEndpointEnabledEventsItem] | Unset = UNSET
    enabled: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        description = self.description

        enabled_events: list[str] | Unset = UNSET
        if not isinstance(self.enabled_events, Unset):
            enabled_events = []
            for enabled_events_item_data in self.enabled_events:
                enabled_events_item = enabled_events_item_data.value
                enabled_events.append(enabled_events_item)

        enabled = self.enabled

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if enabled_events is not UNSET:
            field_dict["enabledEvents"] = enabled_events
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        url = d.pop("url")

        description = d.pop("description", UNSET)

        _enabled_events = d.pop("enabledEvents", UNSET)
        enabled_events: list[CreateWebhookEndpointEnabledEventsItem] | Unset = UNSET
        if _enabled_events is not UNSET:
            enabled_events = []
            for enabled_events_item_data in _enabled_events:
                enabled_events_item = CreateWebhookEndpointEnabledEventsItem(
                    enabled_events_item_data
                )

                enabled_events.append(enabled_events_item)

        enabled = d.pop("enabled", UNSET)

        create_webhook_endpoint = cls(
            url=url,
            description=description,
            enabled_events=enabled_events,
            enabled=enabled,
        )

        return create_webhook_endpoint
