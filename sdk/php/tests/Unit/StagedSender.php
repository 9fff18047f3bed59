<?php

declare(strict_types=1);

namespace OiPayments\Tests\Unit;

use OiPayments\Http\HttpResponse;
use OiPayments\Http\HttpSender;
use OiPayments\Http\NetworkError;

/** Answers each attempt with the next staged answer (or throws the staged network error), recording what was sent. */
final class StagedSender implements HttpSender
{
    /** @var list<array{method: string, url: string, headers: array<string, string>, body: ?string}> */
    public array $sent = [];

    /** @param list<HttpResponse|NetworkError> $answers */
    public function __construct(private array $answers)
    {
    }

    public function send(string $method, string $url, array $headers, ?string $body, float $timeout): HttpResponse
    {
        $this->sent[] = ['method' => $method, 'url' => $url, 'headers' => $headers, 'body' => $body];
        $answer = array_shift($this->answers);
        if ($answer === null) {
            throw new \LogicException('No answer staged for this attempt');
        }
        if ($answer instanceof NetworkError) {
            throw $answer;
        }
        return $answer;
    }

    /** @param array<string, mixed> $body */
    public static function json(int $status, array $body, array $headers = []): HttpResponse
    {
        return new HttpResponse($status, array_change_key_case($headers) + ['content-type' => 'application/json'], json_encode($body, JSON_THROW_ON_ERROR));
    }

    public static function error(int $status, string $code, array $headers = []): HttpResponse
    {
        return self::json($status, ['meta' => ['success' => false, 'errorCode' => $code, 'message' => strtolower($code), 'requestId' => 'req_1']], $headers);
    }
}
