"""The service these tests run against, named by the variables the guides use (OI_PAYMENTS_URL, OI_API_KEY, OI_API_SECRET)."""

from __future__ import annotations

import os

import pytest

from oi_payments import OiPayments, RetrySettings


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        # A missing service is a failure, never a skip: these tests are the SDK's proof against the real API.
        pytest.fail(f"{name} is not set: run these tests against a service (OI_PAYMENTS_URL, OI_API_KEY, OI_API_SECRET)")
    return value


@pytest.fixture(scope="session")
def oi() -> OiPayments:
    # Short backoff keeps the suite quick; Retry-After is honoured as sent whatever these are.
    client = OiPayments(
        _required("OI_PAYMENTS_URL"),
        _required("OI_API_KEY"),
        _required("OI_API_SECRET"),
        retry=RetrySettings(initial_delay=0.1, max_delay=0.4),
    )
    yield client
    client.close()


@pytest.fixture(scope="session")
def paid_payment() -> str:
    """A SUCCEEDED payment's reference (OI_PAYMENT), to refund."""
    return _required("OI_PAYMENT")
