<?php

declare(strict_types=1);

namespace OiPayments\Http;

/** No answer at all: the connection failed or the attempt timed out. */
final class NetworkError extends \RuntimeException
{
}
