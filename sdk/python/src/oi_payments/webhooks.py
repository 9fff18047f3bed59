"""Verifies webhooks per Standard Webhooks, with the standardwebhooks library."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError as LibraryVerificationError

from .errors import WebhookVerificationError

_SIGNED_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


class Webhooks:
    """Checks the signature over id, timestamp and the exact bytes received, and a timestamp within
    five minutes (so a captured delivery cannot be replayed later). Pass the raw body: parsed and
    re-serialised JSON no longer matches the signature.
    """

    def __init__(self, secret: str | None = None) -> None:
        self._secret = secret

    def verify(self, body: bytes | str, headers: Mapping[str, str], secret: str | None = None) -> dict[str, Any]:
        """The verified event (``id``, ``type``, ``data``…); raises WebhookVerificationError otherwise."""
        secret = secret or self._secret
        if not secret:
            raise ValueError("No webhook secret: pass one to verify() or as webhook_secret to OiPayments")
        lowered = {str(k).lower(): v for k, v in headers.items()}
        signed: dict[str, str] = {}
        for name in _SIGNED_HEADERS:
            if name not in lowered:
                raise WebhookVerificationError(f"Missing {name} header")
            signed[name] = lowered[name]
        payload = body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else body
        try:
            return Webhook(secret).verify(payload, signed)
        except LibraryVerificationError as error:
            raise WebhookVerificationError(str(error)) from error
