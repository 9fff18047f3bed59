<?php

declare(strict_types=1);

namespace OiPayments;

/**
 * The API answered with an error. `errorCode` is the envelope's stable code (e.g. VALIDATION_ERROR),
 * or null when the answer was not the API's envelope (a proxy's error page, say); `details` has the
 * shape that code documents.
 */
class OiPaymentsException extends \RuntimeException
{
    /**
     * @param array<string, string> $headers the answer's headers, names in lower case
     */
    public function __construct(
        public readonly ?string $errorCode,
        string $message,
        public readonly int $status,
        public readonly ?string $requestId,
        public readonly mixed $details = null,
        public readonly array $headers = [],
    ) {
        parent::__construct($message, $status);
    }
}
