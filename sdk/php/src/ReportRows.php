<?php

declare(strict_types=1);

namespace OiPayments;

/**
 * A page of a report run's rows: its columns, and each row as an array keyed by column (ints for ids,
 * counts and `*_minor` amounts, null for an empty cell). `pagination['nextCursor']` is the next page's
 * offset, null after the last row.
 */
final class ReportRows
{
    /**
     * @param list<string> $columns
     * @param list<array<string, string|int|null>> $rows
     * @param array<string, mixed> $pagination
     */
    public function __construct(
        public readonly array $columns,
        public readonly array $rows,
        public readonly array $pagination,
    ) {
    }

    /** @param array<string, mixed> $envelope */
    public static function of(array $envelope): self
    {
        $data = is_array($envelope['data'] ?? null) ? $envelope['data'] : [];
        return new self(
            array_values(is_array($data['columns'] ?? null) ? $data['columns'] : []),
            array_values(is_array($data['rows'] ?? null) ? $data['rows'] : []),
            is_array($envelope['pagination'] ?? null) ? $envelope['pagination'] : [],
        );
    }
}
