<?php

declare(strict_types=1);

namespace OiPayments;

use OiPayments\Generated\ObjectSerializer;

/** Turns an envelope's decoded `data` into the generated model the API document names for it. */
final class Hydrator
{
    /**
     * @template T of object
     * @param class-string<T> $class a model of OiPayments\Generated\Model (a oneOf such as Event answers its member)
     * @return T
     */
    public static function model(mixed $data, string $class): object
    {
        return ObjectSerializer::deserialize($data, '\\' . ltrim($class, '\\'));
    }

    /**
     * @template T of object
     * @param class-string<T> $class
     * @return list<T>
     */
    public static function models(mixed $items, string $class): array
    {
        return array_map(static fn ($item) => self::model($item, $class), is_array($items) ? array_values($items) : []);
    }
}
