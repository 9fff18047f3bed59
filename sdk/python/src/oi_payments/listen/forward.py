"""Posts one event to the local receiver as the service's webhook delivers it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import httpx
from standardwebhooks.webhooks import Webhook

USER_AGENT = "OI-Payments-Listen/1.0"


@dataclass(frozen=True)
class ForwardOutcome:
    """The local receiver's HTTP status, or ``None`` with the error when it did not answer."""

    status: int | None
    error: str | None = None


def forward_event(
    client: httpx.Client,
    *,
    url: str,
    secret: str,
    event_id: str,
    body: str,
    timeout: float,
    now: datetime | None = None,
) -> ForwardOutcome:
    """The same JSON body and the Standard Webhooks headers (webhook-id is the event id,
    webhook-timestamp the time of this send, webhook-signature ``v1,…`` over both and the body),
    signed with ``secret``. The answer's body is not read: its status is what counts.
    """
    sent_at = now or datetime.now(timezone.utc)
    signature = Webhook(secret).sign(event_id, sent_at, body)
    try:
        response = client.post(
            url,
            content=body.encode("utf-8"),
            headers={
                "content-type": "application/json",
                "user-agent": USER_AGENT,
                "webhook-id": event_id,
                "webhook-timestamp": str(int(sent_at.timestamp())),
                "webhook-signature": signature,
            },
            follow_redirects=False,
            timeout=timeout,
        )
    except httpx.HTTPError as error:
        return ForwardOutcome(status=None, error=describe(error))
    return ForwardOutcome(status=response.status_code)


def describe(error: BaseException) -> str:
    """A short reason for a line in the terminal: the kind of failure and what the OS said."""
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
