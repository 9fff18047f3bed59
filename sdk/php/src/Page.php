<?php

declare(strict_types=1);

namespace OiPayments;

/**
 * One page of a list: its items, the status summary where the list has one, and the pagination
 * (page, size, totalItems, totalPages; for payments, nextCursor: pass it as `after` for the next page).
 *
 * @template T of object
 */
final class Page
{
    /**
     * @param list<T> $items
     * @param array<string, mixed> $pagination
     * @param list<array<string, mixed>> $summary
     */
    public function __construct(
        public readonly array $items,
        public readonly array $pagination,
        public readonly array $summary = [],
    ) {
    }

    /**
     * @template M of object
     * @param array<string, mixed> $envelope
     * @param class-string<M> $class
     * @return Page<M>
     */
    public static function of(array $envelope, string $class): self
    {
        $data = is_array($envelope['data'] ?? null) ? $envelope['data'] : [];
        return new self(
            Hydrator::models($data['items'] ?? [], $class),
            is_array($envelope['pagination'] ?? null) ? $envelope['pagination'] : [],
            is_array($data['summary'] ?? null) ? array_values($data['summary']) : [],
        );
    }
}
