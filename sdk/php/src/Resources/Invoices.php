<?php

declare(strict_types=1);

namespace OiPayments\Resources;

use OiPayments\Generated\Model\CreateInvoice;
use OiPayments\Generated\Model\Invoice;
use OiPayments\Hydrator;
use OiPayments\Page;
use OiPayments\Transport;

/** Invoices: a bill the customer pays on its own page, in full or by installments. */
final class Invoices
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * Creates an invoice (a DRAFT unless issued on creation), with an Idempotency-Key.
     *
     * @param CreateInvoice|array<string, mixed> $params
     */
    public function create(CreateInvoice|array $params, ?string $idempotencyKey = null): Invoice
    {
        $answer = $this->transport->request('POST', '/invoices', $params, create: true, idempotencyKey: $idempotencyKey);
        return Hydrator::model($answer['data'], Invoice::class);
    }

    /** An invoice by its reference or numeric id. */
    public function retrieve(string|int $id): Invoice
    {
        return Hydrator::model($this->transport->request('GET', '/invoices/' . Path::segment($id))['data'], Invoice::class);
    }

    /**
     * One page of invoices, newest first.
     *
     * @param array<string, mixed> $query
     * @return Page<Invoice>
     */
    public function list(array $query = []): Page
    {
        return Page::of($this->transport->request('GET', '/invoices', query: $query), Invoice::class);
    }
}
