<?php

declare(strict_types=1);

namespace OiPayments\Resources;

use OiPayments\Generated\Model\CreatePayment;
use OiPayments\Generated\Model\Payment;
use OiPayments\Generated\Model\PaymentWithRefunds;
use OiPayments\Hydrator;
use OiPayments\Page;
use OiPayments\Transport;

/** Payments: create one, send the customer to its checkoutUrl, read the outcome back. */
final class Payments
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * Creates a payment with an Idempotency-Key (yours, or one the SDK makes per call).
     *
     * @param CreatePayment|array<string, mixed> $params
     */
    public function create(CreatePayment|array $params, ?string $idempotencyKey = null): Payment
    {
        $answer = $this->transport->request('POST', '/payments', $params, create: true, idempotencyKey: $idempotencyKey);
        return Hydrator::model($answer['data'], Payment::class);
    }

    /** A payment by its reference (pay_…) or numeric id, with its refunds and disputes. */
    public function retrieve(string|int $id): PaymentWithRefunds
    {
        $answer = $this->transport->request('GET', '/payments/' . Path::segment($id));
        return Hydrator::model($answer['data'], PaymentWithRefunds::class);
    }

    /**
     * One page of payments, newest first; filters and paging as the API names them (status, size, after…).
     *
     * @param array<string, mixed> $query
     * @return Page<Payment>
     */
    public function list(array $query = []): Page
    {
        return Page::of($this->transport->request('GET', '/payments', query: $query), Payment::class);
    }
}
