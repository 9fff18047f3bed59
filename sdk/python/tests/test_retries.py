"""Retries and idempotency keys on the wire, with answers staged by httpx's MockTransport (no service needed)."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from oi_payments import OiPaymentsConnectionError, OiPaymentsError, RetrySettings
from oi_payments.retry_policy import parse_retry_after
from oi_payments.transport import Transport

PAYMENT = {"data": {"reference": "pay_1"}, "meta": {"success": True}}


def error(status: int, code: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"meta": {"success": False, "errorCode": code, "message": code.lower(), "requestId": "req_1"}}
    return httpx.Response(status, json=body, headers=headers)


def staged(*answers: httpx.Response | Exception) -> tuple[Transport, list[httpx.Request], list[float]]:
    """A transport that answers each attempt with the next of `answers`, recording requests and waits."""
    sent: list[httpx.Request] = []
    waits: list[float] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    transport = Transport(
        "http://oi.test",
        "oi_test_key",
        "secret",
        retry=RetrySettings(max_retries=2, initial_delay=0.1, max_delay=0.4),
        timeout=5,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=waits.append,
    )
    return transport, sent, waits


def create(transport: Transport, key: str | None = None) -> dict:
    return transport.request("POST", "/payments", body={"amountMinor": 1}, create=True, idempotency_key=key)


def test_a_create_carries_one_key_on_every_attempt() -> None:
    transport, sent, waits = staged(
        httpx.ConnectError("refused"), httpx.Response(503, text="busy"), httpx.Response(201, json=PAYMENT)
    )
    assert create(transport)["data"]["reference"] == "pay_1"
    keys = {r.headers["idempotency-key"] for r in sent}
    assert len(sent) == 3 and len(keys) == 1
    assert sent[0].url == "http://oi.test/api/v1/payments"
    assert json.loads(sent[0].content) == {"amountMinor": 1}
    assert sent[0].headers["x-api-key"] == "oi_test_key"
    assert len(waits) == 2 and all(0.05 <= w <= 0.4 for w in waits)


def test_the_callers_key_is_sent_as_given() -> None:
    transport, sent, _ = staged(httpx.Response(201, json=PAYMENT))
    create(transport, "order-A-1001")
    assert sent[0].headers["idempotency-key"] == "order-A-1001"


def test_429_waits_exactly_retry_after() -> None:
    transport, sent, waits = staged(error(429, "RATE_LIMITED", {"Retry-After": "3"}), httpx.Response(200, json=PAYMENT))
    transport.request("GET", "/payments/pay_1")
    assert waits == [3.0] and len(sent) == 2


def test_a_retry_after_longer_than_allowed_is_the_callers() -> None:
    transport, sent, waits = staged(error(429, "RATE_LIMITED", {"Retry-After": "600"}))
    with pytest.raises(OiPaymentsError) as raised:
        transport.request("GET", "/payments/pay_1")
    assert raised.value.status == 429 and waits == [] and len(sent) == 1


def test_a_key_still_in_progress_is_asked_again() -> None:
    transport, sent, _ = staged(error(409, "IDEMPOTENCY_REQUEST_IN_PROGRESS"), httpx.Response(201, json=PAYMENT))
    create(transport)
    assert len(sent) == 2


@pytest.mark.parametrize(
    "answers",
    [
        # A POST without a key may have been carried out: never sent twice.
        lambda: [httpx.Response(502, text="bad gateway")],
    ],
)
def test_an_unkeyed_post_is_not_repeated(answers: Callable[[], list[httpx.Response]]) -> None:
    transport, sent, _ = staged(*answers())
    with pytest.raises(OiPaymentsError) as raised:
        transport.request("POST", "/invoices/inv_1/issue")
    assert raised.value.error_code is None and raised.value.status == 502 and len(sent) == 1


def test_a_client_error_is_not_repeated_and_carries_its_code() -> None:
    transport, sent, _ = staged(error(400, "VALIDATION_ERROR"))
    with pytest.raises(OiPaymentsError) as raised:
        create(transport)
    assert (raised.value.error_code, raised.value.status, raised.value.request_id) == ("VALIDATION_ERROR", 400, "req_1")
    assert len(sent) == 1


def test_retries_are_bounded() -> None:
    transport, sent, _ = staged(*[httpx.ConnectError("refused")] * 3)
    with pytest.raises(OiPaymentsConnectionError):
        transport.request("GET", "/app/me")
    assert len(sent) == 3


def test_retry_after_as_an_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", 1445412480.0) == 10.0
    assert parse_retry_after("soon", 0) is None
