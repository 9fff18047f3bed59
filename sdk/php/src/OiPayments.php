<?php

declare(strict_types=1);

namespace OiPayments;

use OiPayments\Generated\Model\AppMe;
use OiPayments\Generated\Model\ModelInterface;
use OiPayments\Http\CurlSender;
use OiPayments\Http\HttpSender;
use OiPayments\Resources\Events;
use OiPayments\Resources\Invoices;
use OiPayments\Resources\Payments;
use OiPayments\Resources\Refunds;
use OiPayments\Resources\Reports;
use OiPayments\Resources\WebhookEndpoints;
use OiPayments\Webhooks\Webhooks;

/**
 * The OI Payments API for one app and mode. Resources cover what apps do (payments, refunds,
 * invoices, reports, events, webhook endpoints); each call unwraps the envelope into the generated model and
 * throws OiPaymentsException for an error answer. Creates carry an Idempotency-Key reused on every
 * retry; retries with backoff on no answer, 429 (after Retry-After), 5xx and a key still in progress.
 *
 * The API key (oi_test_… or oi_live_…) fixes the mode of everything this client does.
 */
final class OiPayments
{
    public readonly Payments $payments;
    public readonly Refunds $refunds;
    public readonly Invoices $invoices;
    public readonly Reports $reports;
    public readonly Events $events;
    public readonly WebhookEndpoints $webhookEndpoints;
    public readonly Webhooks $webhooks;
    private readonly Transport $transport;

    /**
     * @param string $baseUrl the service's address; /api/v1 is added unless you give it
     * @param string|null $webhookSecret the endpoint secret (whsec_…) that webhooks->verify() checks with
     * @param float $timeout seconds before an attempt is abandoned and counts as no answer
     */
    public function __construct(
        string $baseUrl,
        string $apiKey,
        string $apiSecret,
        ?string $webhookSecret = null,
        int $maxRetries = 2,
        float $timeout = 60.0,
        ?RetrySettings $retry = null,
        HttpSender $sender = new CurlSender(),
    ) {
        if ($apiKey === '' || $apiSecret === '') {
            throw new \InvalidArgumentException('OiPayments needs an API key and secret');
        }
        if ($baseUrl === '') {
            throw new \InvalidArgumentException('OiPayments needs the service\'s base URL');
        }
        $this->transport = new Transport($baseUrl, $apiKey, $apiSecret, $retry ?? new RetrySettings($maxRetries), $timeout, $sender);
        $this->payments = new Payments($this->transport);
        $this->refunds = new Refunds($this->transport);
        $this->invoices = new Invoices($this->transport);
        $this->reports = new Reports($this->transport);
        $this->events = new Events($this->transport);
        $this->webhookEndpoints = new WebhookEndpoints($this->transport);
        $this->webhooks = new Webhooks($webhookSecret);
    }

    /** The app and mode these credentials resolve to. */
    public function me(): AppMe
    {
        return Hydrator::model($this->transport->request('GET', '/app/me')['data'], AppMe::class);
    }

    /**
     * Any other documented path (under /api/v1), with the same retries; the whole envelope back as arrays.
     *
     * @param ModelInterface|array<string, mixed>|null $body
     * @param array<string, mixed> $query
     * @return array<string, mixed>
     */
    public function request(
        string $method,
        string $path,
        ModelInterface|array|null $body = null,
        array $query = [],
        bool $create = false,
        ?string $idempotencyKey = null,
    ): array {
        return $this->transport->request(strtoupper($method), $path, $body, $query, $create, $idempotencyKey);
    }
}
