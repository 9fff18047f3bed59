from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="WebhookRecover")


@_attrs_define
class WebhookRecover:
    """
    Attributes:
        endpoint_id (str): The endpoint id (we_…)
        since (datetime.datetime): The window’s start (no earlier than the retention window)
        until (datetime.datetime): The window’s end: when the recover was asked for
        events (int): Events the endpoint failed to take in the window, re-sent now
        workflow_id (str): The recover’s workflow (webhook-recover-<endpoint>-<time>)
    """

    endpoint_id: str
    since: datetime.datetime
    until: datetime.datetime
    events: int
    workflow_id: str

    def to_dict(self) -> dict[str, Any]:
        endpoint_id = self.endpoint_id

        since = self.since.isoformat()

        until = self.until.isoformat()

        events = self.events

        workflow_id = self.workflow_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpointId": endpoint_id,
                "since": since,
                "until": until,
                "events": events,
                "workflowId": workflow_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        endpoint_id = d.pop("endpointId")

        since = datetime.datetime.fromisoformat(d.pop("since"))

        until = datetime.datetime.fromisoformat(d.pop("until"))

        events = d.pop("events")

        workflow_id = d.pop("workflowId")

        webhook_recover = cls(
            endpoint_id=endpoint_id,
            since=since,
            until=until,
            events=events,
            workflow_id=workflow_id,
        )

        return webhook_recover
