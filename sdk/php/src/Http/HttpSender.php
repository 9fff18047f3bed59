<?php

declare(strict_types=1);

namespace OiPayments\Http;

/** Sends one HTTP request. The client's only way out, so tests can stage the answers. */
interface HttpSender
{
    /**
     * @param array<string, string> $headers
     * @throws NetworkError when no answer came
     */
    public function send(string $method, string $url, array $headers, ?string $body, float $timeout): HttpResponse;
}
