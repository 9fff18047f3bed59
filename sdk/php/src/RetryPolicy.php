<?php

declare(strict_types=1);

namespace OiPayments;

/**
 * When to send a request again, and how long to wait first: the same policy as the Node and Python
 * SDKs. Pure: the caller passes the random number and the clock.
 */
final class RetryPolicy
{
    /** The error code that means the same Idempotency-Key's first request is still running. */
    public const IN_PROGRESS_CODE = 'IDEMPOTENCY_REQUEST_IN_PROGRESS';

    /** Exponential backoff with equal jitter: half the step fixed, half random, so clients spread out. */
    public static function backoffDelay(int $retryIndex, RetrySettings $settings, float $random): float
    {
        $step = min($settings->maxDelay, $settings->initialDelay * 2 ** $retryIndex);
        return $step / 2 + $step / 2 * $random;
    }

    /** Retry-After in seconds: delay-seconds or an HTTP date; null when absent or unreadable. */
    public static function parseRetryAfter(?string $value, float $now): ?float
    {
        $value = trim((string) $value);
        if ($value === '') {
            return null;
        }
        if (ctype_digit($value)) {
            return (float) $value;
        }
        $date = \DateTimeImmutable::createFromFormat(\DateTimeInterface::RFC7231, $value, new \DateTimeZone('UTC'));
        if ($date === false) {
            return null;
        }
        return max(0.0, (float) $date->getTimestamp() - $now);
    }

    /** Seconds to wait before the next attempt, or null to stop here. */
    public static function decide(AttemptOutcome $outcome, RetrySettings $settings, float $random, float $now): ?float
    {
        if ($outcome->attempt >= $settings->maxRetries || !self::worthRetrying($outcome)) {
            return null;
        }
        $retryAfter = self::parseRetryAfter($outcome->retryAfter, $now);
        if ($retryAfter === null) {
            return self::backoffDelay($outcome->attempt, $settings, $random);
        }
        // The server said when: wait that long, or hand the error back if it is longer than we wait.
        return $retryAfter > $settings->maxRetryAfter ? null : $retryAfter;
    }

    private static function worthRetrying(AttemptOutcome $outcome): bool
    {
        $status = $outcome->status;
        // No answer: the request may or may not have been carried out, so only a repeatable one goes again.
        if ($status === null) {
            return $outcome->repeatable;
        }
        // Refused before it was handled: sending it again cannot do anything twice.
        if ($status === 429) {
            return true;
        }
        // The key's first request is still running; the retry gets its answer once it finishes.
        if ($status === 409) {
            return $outcome->errorCode === self::IN_PROGRESS_CODE;
        }
        if ($status >= 500) {
            return $outcome->repeatable;
        }
        return false;
    }
}
