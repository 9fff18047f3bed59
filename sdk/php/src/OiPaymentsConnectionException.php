<?php

declare(strict_types=1);

namespace OiPayments;

/** No answer came back (connection refused or reset, timeout) after every retry allowed. */
class OiPaymentsConnectionException extends \RuntimeException
{
}
