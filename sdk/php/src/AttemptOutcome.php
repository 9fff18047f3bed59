<?php

declare(strict_types=1);

namespace OiPayments;

/** What one attempt came to, as the retry policy needs it. */
final class AttemptOutcome
{
    public function __construct(
        /** 0 for the first attempt. */
        public readonly int $attempt,
        /** Sending twice cannot do twice what once does: a read, or a POST with an Idempotency-Key. */
        public readonly bool $repeatable,
        /** The answer's status; null when no answer came (network error, timeout). */
        public readonly ?int $status = null,
        public readonly ?string $errorCode = null,
        public readonly ?string $retryAfter = null,
    ) {
    }
}
