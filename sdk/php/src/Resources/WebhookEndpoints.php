<?php

declare(strict_types=1);

namespace OiPayments\Resources;

use OiPayments\Generated\Model\CreateWebhookEndpoint;
use OiPayments\Generated\Model\UpdateWebhookEndpoint;
use OiPayments\Generated\Model\WebhookEndpoint;
use OiPayments\Generated\Model\WebhookEndpointWithSecret;
use OiPayments\Hydrator;
use OiPayments\Page;
use OiPayments\Transport;

/**
 * Where this app's webhooks go. The signing secret (whsec_…) is in the answer to create and
 * rotateSecret only: keep it then. These writes take no Idempotency-Key, so a failed one is not
 * sent again by the SDK (it may have been carried out): read the list back before repeating it.
 */
final class WebhookEndpoints
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /** @param CreateWebhookEndpoint|array<string, mixed> $params */
    public function create(CreateWebhookEndpoint|array $params): WebhookEndpointWithSecret
    {
        $answer = $this->transport->request('POST', '/webhook-endpoints', $params);
        return Hydrator::model($answer['data'], WebhookEndpointWithSecret::class);
    }

    public function retrieve(string|int $id): WebhookEndpoint
    {
        $answer = $this->transport->request('GET', '/webhook-endpoints/' . Path::segment($id));
        return Hydrator::model($answer['data'], WebhookEndpoint::class);
    }

    /**
     * @param array<string, mixed> $query
     * @return Page<WebhookEndpoint>
     */
    public function list(array $query = []): Page
    {
        return Page::of($this->transport->request('GET', '/webhook-endpoints', query: $query), WebhookEndpoint::class);
    }

    /** @param UpdateWebhookEndpoint|array<string, mixed> $params */
    public function update(string|int $id, UpdateWebhookEndpoint|array $params): WebhookEndpoint
    {
        $answer = $this->transport->request('PATCH', '/webhook-endpoints/' . Path::segment($id), $params);
        return Hydrator::model($answer['data'], WebhookEndpoint::class);
    }

    public function delete(string|int $id): void
    {
        $this->transport->request('DELETE', '/webhook-endpoints/' . Path::segment($id));
    }

    /** A new signing secret; the old one keeps signing beside it for 24 hours, so receivers can switch over. */
    public function rotateSecret(string|int $id): WebhookEndpointWithSecret
    {
        $answer = $this->transport->request('POST', '/webhook-endpoints/' . Path::segment($id) . '/rotate-secret');
        return Hydrator::model($answer['data'], WebhookEndpointWithSecret::class);
    }
}
