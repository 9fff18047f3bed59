"""``oi-payments listen``: the app's TEST events, forwarded to a server on this machine and signed
as the service's webhooks are (Standard Webhooks)."""

from .forward import ForwardOutcome, forward_event
from .listen import ListenFailure, listen
from .signing_secret import listen_signing_secret
from .stream_connection import StreamRefusedError, open_event_stream, stream_url

__all__ = [
    "ForwardOutcome",
    "ListenFailure",
    "StreamRefusedError",
    "forward_event",
    "listen",
    "listen_signing_secret",
    "open_event_stream",
    "stream_url",
]
