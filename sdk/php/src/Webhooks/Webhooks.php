<?php

declare(strict_types=1);

namespace OiPayments\Webhooks;

/** `$oi->webhooks`: verifies a delivery with the client's endpoint secret (or one passed per call). */
final class Webhooks
{
    public function __construct(private readonly ?string $secret = null)
    {
    }

    /**
     * The verified event (id, type, timestamp, data…) as an array; throws WebhookVerificationException
     * for a bad signature, a missing header or a timestamp more than five minutes off (answer 400).
     *
     * @param string $body the raw body, e.g. file_get_contents('php://input')
     * @param array<string, string|list<string>> $headers e.g. getallheaders()
     * @return array<string, mixed>
     */
    public function verify(string $body, array $headers, ?string $secret = null): array
    {
        $secret ??= $this->secret;
        if ($secret === null || $secret === '') {
            throw new \InvalidArgumentException('No webhook secret: pass one to verify() or as webhookSecret to OiPayments');
        }
        $event = (new Webhook($secret))->verify($body, $headers);
        if (!is_array($event)) {
            throw new WebhookVerificationException('The signed body is not a JSON object');
        }
        return $event;
    }
}
