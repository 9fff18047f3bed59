"""The errors the SDK raises: an API error answer, no answer at all, a webhook that does not verify."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class OiPaymentsError(Exception):
    """The API answered with an error.

    ``error_code`` is the envelope's stable code (e.g. ``VALIDATION_ERROR``), or ``None`` when the
    answer was not the API's envelope (a proxy's error page, say); ``details`` has the shape that
    code documents.
    """

    def __init__(
        self,
        error_code: str | None,
        message: str,
        status: int,
        request_id: str | None,
        details: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.error_code = error_code
        self.message = message
        self.status = status
        self.request_id = request_id
        self.details = details
        self.headers = dict(headers or {})

    def __repr__(self) -> str:
        return f"OiPaymentsError(status={self.status}, error_code={self.error_code!r}, message={self.message!r})"


class OiPaymentsConnectionError(Exception):
    """No answer came back (connection refused or reset, timeout) after every retry allowed."""


class WebhookVerificationError(Exception):
    """A webhook's signature or timestamp did not verify: the request did not come from OI Payments."""
