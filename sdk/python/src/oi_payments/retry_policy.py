"""When to send a request again, and how long to wait first. Pure: no clock or randomness of its own."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime

IN_PROGRESS_CODE = "IDEMPOTENCY_REQUEST_IN_PROGRESS"
"""The error code that means the same Idempotency-Key's first request is still running."""


@dataclass(frozen=True)
class RetrySettings:
    max_retries: int = 2
    """Retries after the first attempt."""
    initial_delay: float = 0.5
    """The first backoff in seconds; each retry doubles it."""
    max_delay: float = 8.0
    """No backoff grows past this."""
    max_retry_after: float = 60.0
    """A Retry-After longer than this is not waited for: the error goes to the caller instead."""


@dataclass(frozen=True)
class AttemptOutcome:
    attempt: int
    """0 for the first attempt."""
    repeatable: bool
    """Sending twice cannot do twice what once does: a read, or a POST with an Idempotency-Key."""
    status: int | None = None
    """The answer's status; None when no answer came (network error, timeout)."""
    error_code: str | None = None
    retry_after: str | None = None


def backoff_delay(retry_index: int, settings: RetrySettings, random: float) -> float:
    """Exponential backoff with equal jitter: half the step fixed, half random, so clients spread out."""
    step = min(settings.max_delay, settings.initial_delay * 2**retry_index)
    return step / 2 + step / 2 * random


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Retry-After in seconds: delay-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


def _worth_retrying(outcome: AttemptOutcome) -> bool:
    status = outcome.status
    # No answer: the request may or may not have been carried out, so only a repeatable one goes again.
    if status is None:
        return outcome.repeatable
    # Refused before it was handled: sending it again cannot do anything twice.
    if status == 429:
        return True
    # The key's first request is still running; the retry gets its answer once it finishes.
    if status == 409:
        return outcome.error_code == IN_PROGRESS_CODE
    if status >= 500:
        return outcome.repeatable
    return False


def decide_retry(outcome: AttemptOutcome, settings: RetrySettings, random: float, now: float) -> float | None:
    """Seconds to wait before the next attempt, or None to stop here."""
    if outcome.attempt >= settings.max_retries or not _worth_retrying(outcome):
        return None
    retry_after = parse_retry_after(outcome.retry_after, now)
    if retry_after is None:
        return backoff_delay(outcome.attempt, settings, random)
    # The server said when: wait that long, or hand the error back if it is longer than we wait.
    return None if retry_after > settings.max_retry_after else retry_after
