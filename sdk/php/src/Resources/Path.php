<?php

declare(strict_types=1);

namespace OiPayments\Resources;

/** A reference or id as one path segment: nothing in it can reach another path. */
final class Path
{
    public static function segment(string|int $id): string
    {
        return rawurlencode((string) $id);
    }
}
