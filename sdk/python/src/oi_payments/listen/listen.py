"""``oi-payments listen``: follows the app's TEST event stream and forwards each event to a local receiver."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

import httpx
from httpx_sse import SSEError

from .forward import ForwardOutcome, describe, forward_event
from .stream_connection import StreamRefusedError, open_event_stream


class ListenFailure(Exception):
    """The service answered what its stream cannot be opened with at all (a LIVE key, say)."""


def _forwarded_line(event_type: str, event_id: str, outcome: ForwardOutcome) -> str:
    time = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    answer = str(outcome.status) if outcome.status is not None else f"failed: {outcome.error}"
    return f"{time}  {event_type}  {event_id}  → {answer}"


def _backoff(tries: int, first: float, most: float) -> float:
    """Exponential, with jitter so many listeners do not come back at once."""
    ceiling = min(most, first * 2**tries)
    return ceiling / 2 + random.random() * (ceiling / 2)


def listen(
    *,
    base_url: str,
    api_key: str,
    api_secret: str,
    forward_to: str,
    signing_secret: str,
    show_secret: bool = True,
    types: Sequence[str] | None = None,
    after: str | None = None,
    print_line: Callable[[str], None] = print,
    print_error: Callable[[str], None] = print,
    on_forwarded: Callable[[str, ForwardOutcome], None] | None = None,
    stop: threading.Event | None = None,
    forward_timeout: float = 10.0,
    idle_timeout: float = 45.0,
    backoff: float = 1.0,
    max_backoff: float = 30.0,
) -> None:
    """Forwards each TEST event to ``forward_to``, signed with ``signing_secret`` as the webhook
    would be, until ``stop`` is set (or the process is interrupted).

    After a cut it reconnects with backoff and goes on after the last event it forwarded, so none
    is missed; the one in flight at a cut may come again, under its same webhook-id. A receiver's
    error is printed, not retried: the service's own deliveries to the app's endpoints are
    untouched. Raises ListenFailure when the service refuses the stream for good.
    """
    stop = stop or threading.Event()
    tries = 0
    announced = False
    with httpx.Client() as service, httpx.Client(trust_env=False) as receiver:
        while not stop.is_set():
            reason = ""
            events = open_event_stream(
                service,
                base_url=base_url,
                api_key=api_key,
                api_secret=api_secret,
                after=after,
                types=types,
                idle_timeout=idle_timeout,
            )
            try:
                for message in events:
                    if stop.is_set():
                        break
                    if message.event == "ready":
                        tries = 0
                        # Before any event, the stream's start is the place to come back to.
                        if after is None and message.id:
                            after = message.id
                        if not announced:
                            which = ", ".join(types) if types else "every event"
                            print_line(
                                "Ready. Signing with the secret you gave (^C to stop)"
                                if not show_secret
                                else f"Ready. Your webhook signing secret is {signing_secret} (^C to stop)"
                            )
                            print_line(f"Forwarding TEST events ({which}) to {forward_to}")
                        else:
                            print_error(f"Reconnected; going on after {after or 'the start'}.")
                        announced = True
                        continue
                    # The stream's `retry:` alone, or a message without an event id, forwards nothing.
                    if not message.id or not message.data:
                        continue
                    outcome = forward_event(
                        receiver,
                        url=forward_to,
                        secret=signing_secret,
                        event_id=message.id,
                        body=message.data,
                        timeout=forward_timeout,
                    )
                    after = message.id
                    print_line(_forwarded_line(message.event, message.id, outcome))
                    if on_forwarded:
                        on_forwarded(message.id, outcome)
                if stop.is_set():
                    break
                reason = "the service ended the stream"
            except StreamRefusedError as error:
                if not error.passing:
                    raise ListenFailure(
                        f"The service refused the stream: {error.error_code or error.status}: {error.message}"
                    ) from error
                reason = str(error.error_code or error.status)
            except (httpx.HTTPError, SSEError) as error:
                reason = describe(error)
            finally:
                events.close()
            if stop.is_set():
                break
            # A server shutting down ends the stream cleanly: the next try may meet it gone, so it waits too.
            wait = _backoff(tries, backoff, max_backoff)
            tries += 1
            print_error(f"Connection lost ({reason}); reconnecting in {wait:.1f} s.")
            stop.wait(wait)
