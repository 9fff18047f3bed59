<?php

declare(strict_types=1);

namespace OiPayments;

/** How often and how patiently the client sends a request again. Delays are in seconds. */
final class RetrySettings
{
    public function __construct(
        /** Retries after the first attempt. */
        public readonly int $maxRetries = 2,
        /** The first backoff; each retry doubles it. */
        public readonly float $initialDelay = 0.5,
        /** No backoff grows past this. */
        public readonly float $maxDelay = 8.0,
        /** A Retry-After longer than this is not waited for: the error goes to the caller instead. */
        public readonly float $maxRetryAfter = 60.0,
    ) {
    }
}
