<?php

declare(strict_types=1);

namespace OiPayments\Resources;

use OiPayments\Generated\Model\Event;
use OiPayments\Hydrator;
use OiPayments\Page;
use OiPayments\Transport;

/**
 * Events: what a webhook delivered (or would have), to catch up after downtime. Each comes back as
 * the generated model of its type (PaymentSucceeded, RefundFailed, …: the members of Event).
 */
final class Events
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /** An event by its id (evt_…). */
    public function retrieve(string $id): object
    {
        return Hydrator::model($this->transport->request('GET', '/events/' . Path::segment($id))['data'], Event::class);
    }

    /**
     * One page of events, newest first; filters as the API names them (type, payment, since, until, size, after).
     *
     * @param array<string, mixed> $query
     * @return Page<object>
     */
    public function list(array $query = []): Page
    {
        return Page::of($this->transport->request('GET', '/events', query: $query), Event::class);
    }
}
