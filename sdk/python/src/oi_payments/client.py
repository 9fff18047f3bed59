"""The OI Payments API for one app and mode."""

from __future__ import annotations

from typing import Any

import httpx

from ._generated.models import AppMe
from .resources import Invoices, Payments, Refunds, Reports
from .retry_policy import RetrySettings
from .transport import Transport
from .webhooks import Webhooks


class OiPayments:
    """Resources for what apps do (payments, refunds, invoices, reports), each call unwrapping the envelope
    and raising OiPaymentsError for an error answer; creates carry an Idempotency-Key reused on
    every retry; retries with backoff on no answer, 429 (after Retry-After), 5xx and a key still in
    progress.

    ``api_key`` (oi_test_… or oi_live_…) fixes the mode of everything this client does.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        api_secret: str,
        webhook_secret: str | None = None,
        *,
        max_retries: int = 2,
        timeout: float = 60.0,
        retry: RetrySettings | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        if not api_key or not api_secret:
            raise ValueError("OiPayments needs api_key and api_secret")
        if not base_url:
            raise ValueError("OiPayments needs base_url")
        settings = retry or RetrySettings(max_retries=max_retries)
        self._transport = Transport(
            base_url, api_key, api_secret, retry=settings, timeout=timeout, http_client=http_client
        )
        self.payments = Payments(self._transport)
        self.refunds = Refunds(self._transport)
        self.invoices = Invoices(self._transport)
        self.reports = Reports(self._transport)
        self.webhooks = Webhooks(webhook_secret)

    def me(self) -> AppMe:
        """The app and mode these credentials resolve to."""
        return AppMe.from_dict(self._transport.request("GET", "/app/me")["data"])

    def request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """Any other documented path (under /api/v1), with the same retries; the whole envelope back."""
        return self._transport.request(method, path, **kwargs)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> OiPayments:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
