<?php

declare(strict_types=1);

namespace OiPayments\Webhooks;

/** A webhook's signature or timestamp did not verify: the request did not come from OI Payments. */
class WebhookVerificationException extends \RuntimeException
{
}
