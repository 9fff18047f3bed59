"""Webhook verification: a delivery signed as the service signs it (Standard Webhooks) verifies; any change does not."""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timezone

import pytest
from standardwebhooks.webhooks import Webhook

from oi_payments import OiPayments, WebhookVerificationError, Webhooks

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()


def signed(body: str, at: float | None = None) -> dict[str, str]:
    when = datetime.fromtimestamp(at or time.time(), tz=timezone.utc)
    return {
        "Webhook-Id": "evt_1",
        "Webhook-Timestamp": str(int(when.timestamp())),
        "Webhook-Signature": Webhook(SECRET).sign("evt_1", when, body),
    }


BODY = json.dumps({"id": "evt_1", "type": "payment.succeeded", "data": {"reference": "pay_1"}})


def test_a_signed_delivery_verifies_into_its_event() -> None:
    oi = OiPayments("http://oi.test", "oi_test_key", "secret", webhook_secret=SECRET)
    event = oi.webhooks.verify(BODY.encode(), signed(BODY))
    assert event["type"] == "payment.succeeded" and event["data"]["reference"] == "pay_1"


def test_a_changed_body_or_missing_header_or_old_timestamp_does_not() -> None:
    webhooks = Webhooks(SECRET)
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(BODY.replace("pay_1", "pay_2"), signed(BODY))
    headers = signed(BODY)
    del headers["Webhook-Signature"]
    with pytest.raises(WebhookVerificationError, match="webhook-signature"):
        webhooks.verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(BODY, signed(BODY, at=time.time() - 600))
