"""Schemathesis hooks for `npm run fuzz`."""
import re
import uuid

import schemathesis

VALID_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """Generated Idempotency-Keys repeat ("0", "00"…) across different bodies, which the service
    rightly answers with 422 IDEMPOTENCY_KEY_REUSED; a valid key is made unique per request so the
    fuzz exercises creates. Replays are covered by the test suite."""
    headers = case.headers or {}
    for name in list(headers):
        value = headers[name]
        if name.lower() in ("idempotency-key", "x-idempotency-key") and isinstance(value, str):
            if VALID_KEY.match(value):
                headers[name] = (value[:200] + "-" + uuid.uuid4().hex)[:255]
    return None
