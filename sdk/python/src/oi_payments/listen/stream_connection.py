"""Opens the app's event stream (``GET /api/v1/events/stream``) and yields its server-sent events."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import httpx
from httpx_sse import ServerSentEvent, connect_sse


class StreamRefusedError(Exception):
    """The service answered with an error instead of a stream: its status, errorCode and message."""

    def __init__(self, status: int, error_code: str | None, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message

    @property
    def passing(self) -> bool:
        """Worth trying again later: a limit, or the service (or a proxy) failing for now."""
        return self.status in (408, 429) or self.status >= 500


def stream_url(base_url: str, types: Sequence[str] | None = None) -> str:
    """The stream's address, whether ``base_url`` ends in /api/v1 or not."""
    trimmed = base_url.rstrip("/")
    api = trimmed if trimmed.endswith("/api/v1") else f"{trimmed}/api/v1"
    url = httpx.URL(f"{api}/events/stream")
    return str(url.copy_merge_params({"type": ",".join(types)})) if types else str(url)


def _refusal(response: httpx.Response) -> StreamRefusedError:
    response.read()
    text = response.text
    try:
        meta = response.json().get("meta") or {}
        if meta.get("message"):
            return StreamRefusedError(response.status_code, meta.get("errorCode"), meta["message"])
    except (ValueError, AttributeError):
        pass  # Not the service's envelope: a proxy's page, say.
    return StreamRefusedError(response.status_code, None, f"HTTP {response.status_code} {text[:200]}".strip())


def open_event_stream(
    client: httpx.Client,
    *,
    base_url: str,
    api_key: str,
    api_secret: str,
    after: str | None,
    types: Sequence[str] | None = None,
    idle_timeout: float = 45.0,
) -> Iterator[ServerSentEvent]:
    """Yields the stream's events until it ends or fails. A connection silent for ``idle_timeout``
    seconds raises httpx.ReadTimeout: the service sends a comment after 15 s without an event, and a
    cut network path may never say it closed. Raises StreamRefusedError on an error answer.
    """
    headers = {"x-api-key": api_key, "x-api-secret": api_secret}
    if after:
        headers["last-event-id"] = after
    with connect_sse(
        client,
        "GET",
        stream_url(base_url, types),
        headers=headers,
        timeout=httpx.Timeout(10.0, read=idle_timeout),
    ) as source:
        if not source.response.is_success:
            raise _refusal(source.response)
        yield from source.iter_sse()
