"""Sends one API call: keys creates, retries what is safe to retry, and unwraps the envelope."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from .errors import OiPaymentsConnectionError, OiPaymentsError
from .retry_policy import AttemptOutcome, RetrySettings, decide_retry


def api_base(base_url: str) -> str:
    """Where the API lives under a service's address: ``/api/v1``, added unless the caller gave it."""
    trimmed = base_url.rstrip("/")
    return trimmed if trimmed.endswith("/api/v1") else f"{trimmed}/api/v1"


def _error_of(response: httpx.Response) -> OiPaymentsError:
    request_id = response.headers.get("x-request-id")
    try:
        body = response.json()
    except ValueError:
        body = None
    meta = body.get("meta") if isinstance(body, dict) else None
    if isinstance(meta, dict) and meta.get("success") is False and isinstance(meta.get("errorCode"), str):
        return OiPaymentsError(
            meta["errorCode"],
            str(meta.get("message") or f"HTTP {response.status_code}"),
            response.status_code,
            meta.get("requestId") or request_id,
            meta.get("details"),
            response.headers,
        )
    # Not the API's envelope (a proxy's page, say): no error code to go by.
    text = response.text[:200] or f"HTTP {response.status_code}"
    return OiPaymentsError(None, text, response.status_code, request_id, None, response.headers)


class Transport:
    """One app's authenticated connection to the API, with the retry policy applied to every call."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        api_secret: str,
        *,
        retry: RetrySettings,
        timeout: float,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = http_client or httpx.Client(timeout=timeout)
        self._base = api_base(base_url)
        self._auth = {"X-Api-Key": api_key, "X-Api-Secret": api_secret}
        self._retry = retry
        self._timeout = timeout
        self._sleep = sleep

    def close(self) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        create: bool = False,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """The answer's whole envelope on success; raises OiPaymentsError on an error answer.

        A create carries an Idempotency-Key (the caller's, or a fresh one), the same on every
        attempt, so the service carries it out once however often it is sent.
        """
        return self.send(
            method, path, body=body, query=query, create=create, idempotency_key=idempotency_key
        ).json()

    def send(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        create: bool = False,
        idempotency_key: str | None = None,
    ) -> httpx.Response:
        """The successful answer itself, for one that is not JSON (a file); errors and retries as in request()."""
        headers = dict(self._auth)
        if create:
            headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        repeatable = method == "GET" or create
        params = {k: v for k, v in (query or {}).items() if v is not None}
        attempt = 0
        while True:
            try:
                response = self._http.request(
                    method, f"{self._base}{path}", json=body, params=params, headers=headers, timeout=self._timeout
                )
            except httpx.TransportError as error:
                delay = decide_retry(
                    AttemptOutcome(attempt=attempt, repeatable=repeatable), self._retry, random.random(), time.time()
                )
                if delay is None:
                    raise OiPaymentsConnectionError(
                        f"{method} {path} got no answer after {attempt + 1} attempt(s): {error}"
                    ) from error
                self._sleep(delay)
                attempt += 1
                continue
            if response.is_success:
                return response
            error = _error_of(response)
            delay = decide_retry(
                AttemptOutcome(
                    attempt=attempt,
                    repeatable=repeatable,
                    status=response.status_code,
                    error_code=error.error_code,
                    retry_after=response.headers.get("retry-after"),
                ),
                self._retry,
                random.random(),
                time.time(),
            )
            if delay is None:
                raise error
            self._sleep(delay)
            attempt += 1
