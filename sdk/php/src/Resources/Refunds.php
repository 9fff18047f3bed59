<?php

declare(strict_types=1);

namespace OiPayments\Resources;

use OiPayments\Generated\Model\CreateRefund;
use OiPayments\Generated\Model\Refund;
use OiPayments\Hydrator;
use OiPayments\Page;
use OiPayments\Transport;

/** Refunds: take all or part of a payment back; the outcome arrives as refund.succeeded or refund.failed. */
final class Refunds
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * Refunds a payment (named by reference or id), with an Idempotency-Key.
     *
     * @param CreateRefund|array<string, mixed> $params
     */
    public function create(string|int $paymentId, CreateRefund|array $params, ?string $idempotencyKey = null): Refund
    {
        $answer = $this->transport->request(
            'POST',
            '/payments/' . Path::segment($paymentId) . '/refunds',
            $params,
            create: true,
            idempotencyKey: $idempotencyKey,
        );
        return Hydrator::model($answer['data'], Refund::class);
    }

    /** A refund by its reference (rf_…) or numeric id. */
    public function retrieve(string|int $id): Refund
    {
        return Hydrator::model($this->transport->request('GET', '/refunds/' . Path::segment($id))['data'], Refund::class);
    }

    /**
     * One page of this app's refunds, newest first.
     *
     * @param array<string, mixed> $query
     * @return Page<Refund>
     */
    public function list(array $query = []): Page
    {
        return Page::of($this->transport->request('GET', '/refunds', query: $query), Refund::class);
    }
}
