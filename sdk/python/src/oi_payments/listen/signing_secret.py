"""The signing secret ``oi-payments listen`` signs forwarded events with, unless one is given."""

from __future__ import annotations

import base64
import hashlib
import hmac

# The same words the Node SDK's listen derives with: one API secret gives one signing secret,
# whichever SDK's listen runs.
_PURPOSE = b"oi-payments listen signing secret v1"


def listen_signing_secret(api_secret: str) -> str:
    """Derived from the API secret, so it stays the same run after run on every laptop with the
    same credentials (put it in the local receiver's settings once), changes when the credential is
    rotated, and reveals nothing of the API secret. It is never an endpoint's real secret: those
    stay with the service.
    """
    key = hmac.new(api_secret.encode("utf-8"), _PURPOSE, hashlib.sha256).digest()
    return "whsec_" + base64.b64encode(key).decode("ascii")
