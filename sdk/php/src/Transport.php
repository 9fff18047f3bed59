<?php

declare(strict_types=1);

namespace OiPayments;

use OiPayments\Generated\Model\ModelInterface;
use OiPayments\Generated\ObjectSerializer;
use OiPayments\Http\CurlSender;
use OiPayments\Http\HttpResponse;
use OiPayments\Http\HttpSender;
use OiPayments\Http\NetworkError;

/** Sends one API call: keys creates, retries what is safe to retry, and unwraps the envelope. */
final class Transport
{
    private readonly string $base;
    /** @var array<string, string> */
    private readonly array $auth;
    /** @var callable(float): void */
    private $sleep;

    /**
     * @param null|callable(float): void $sleep waits that many seconds between attempts (tests record instead)
     */
    public function __construct(
        string $baseUrl,
        string $apiKey,
        string $apiSecret,
        private readonly RetrySettings $retry = new RetrySettings(),
        private readonly float $timeout = 60.0,
        private readonly HttpSender $sender = new CurlSender(),
        ?callable $sleep = null,
    ) {
        $this->base = self::apiBase($baseUrl);
        $this->auth = ['X-Api-Key' => $apiKey, 'X-Api-Secret' => $apiSecret];
        $this->sleep = $sleep ?? static function (float $seconds): void {
            usleep((int) round($seconds * 1_000_000));
        };
    }

    /** Where the API lives under a service's address: /api/v1, added unless the caller gave it. */
    public static function apiBase(string $baseUrl): string
    {
        $trimmed = rtrim($baseUrl, '/');
        return str_ends_with($trimmed, '/api/v1') ? $trimmed : "$trimmed/api/v1";
    }

    /**
     * The answer's whole envelope, decoded to arrays, on success; throws OiPaymentsException on an
     * error answer and OiPaymentsConnectionException when no answer came after the retries.
     *
     * A create carries an Idempotency-Key (the caller's, or a fresh one), the same on every
     * attempt, so the service carries it out once however often it is sent.
     *
     * @param ModelInterface|array<string, mixed>|null $body a generated model, or an array in the API's own names
     * @param array<string, mixed> $query
     * @return array<string, mixed>
     */
    public function request(
        string $method,
        string $path,
        ModelInterface|array|null $body = null,
        array $query = [],
        bool $create = false,
        ?string $idempotencyKey = null,
    ): array {
        return self::decoded($this->send($method, $path, $body, $query, $create, $idempotencyKey));
    }

    /**
     * The successful answer itself, for one that is not JSON (a file): its status, headers and
     * bytes. Errors, keys and retries as in request().
     *
     * @param ModelInterface|array<string, mixed>|null $body
     * @param array<string, mixed> $query
     */
    public function send(
        string $method,
        string $path,
        ModelInterface|array|null $body = null,
        array $query = [],
        bool $create = false,
        ?string $idempotencyKey = null,
        string $accept = 'application/json',
    ): HttpResponse {
        $headers = $this->auth + ['Accept' => $accept];
        if ($create) {
            $headers['Idempotency-Key'] = $idempotencyKey ?? self::uuid4();
        }
        $payload = null;
        if ($body !== null) {
            $headers['Content-Type'] = 'application/json';
            $payload = self::json($body);
        }
        $repeatable = $method === 'GET' || $create;
        $url = $this->base . $path . self::queryString($query);
        for ($attempt = 0; ; $attempt++) {
            try {
                $response = $this->sender->send($method, $url, $headers, $payload, $this->timeout);
            } catch (NetworkError $error) {
                $delay = RetryPolicy::decide(new AttemptOutcome($attempt, $repeatable), $this->retry, self::random(), microtime(true));
                if ($delay === null) {
                    throw new OiPaymentsConnectionException(
                        sprintf('%s %s got no answer after %d attempt(s): %s', $method, $path, $attempt + 1, $error->getMessage()),
                        0,
                        $error,
                    );
                }
                ($this->sleep)($delay);
                continue;
            }
            if ($response->status >= 200 && $response->status < 300) {
                return $response;
            }
            $error = self::errorOf($response);
            $delay = RetryPolicy::decide(
                new AttemptOutcome($attempt, $repeatable, $response->status, $error->errorCode, $response->header('retry-after')),
                $this->retry,
                self::random(),
                microtime(true),
            );
            if ($delay === null) {
                throw $error;
            }
            ($this->sleep)($delay);
        }
    }

    /** @param ModelInterface|array<string, mixed> $body */
    private static function json(ModelInterface|array $body): string
    {
        // A generated model serialises under the API's names and leaves unset fields out.
        $value = $body instanceof ModelInterface ? ObjectSerializer::sanitizeForSerialization($body) : $body;
        return json_encode($value, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
    }

    /** @param array<string, mixed> $query */
    private static function queryString(array $query): string
    {
        $present = [];
        foreach ($query as $name => $value) {
            if ($value === null) {
                continue;
            }
            $present[$name] = is_bool($value) ? ($value ? 'true' : 'false') : $value;
        }
        return $present === [] ? '' : '?' . http_build_query($present, '', '&', PHP_QUERY_RFC3986);
    }

    /** @return array<string, mixed> */
    private static function decoded(HttpResponse $response): array
    {
        $decoded = json_decode($response->body, true);
        if (!is_array($decoded)) {
            throw new OiPaymentsException(null, 'The answer was not JSON', $response->status, $response->header('x-request-id'), null, $response->headers);
        }
        return $decoded;
    }

    private static function errorOf(HttpResponse $response): OiPaymentsException
    {
        $requestId = $response->header('x-request-id');
        $body = json_decode($response->body, true);
        $meta = is_array($body) ? ($body['meta'] ?? null) : null;
        if (is_array($meta) && ($meta['success'] ?? null) === false && is_string($meta['errorCode'] ?? null)) {
            return new OiPaymentsException(
                $meta['errorCode'],
                (string) (($meta['message'] ?? '') ?: "HTTP {$response->status}"),
                $response->status,
                is_string($meta['requestId'] ?? null) ? $meta['requestId'] : $requestId,
                $meta['details'] ?? null,
                $response->headers,
            );
        }
        // Not the API's envelope (a proxy's page, say): no error code to go by.
        $text = substr($response->body, 0, 200);
        return new OiPaymentsException(null, $text !== '' ? $text : "HTTP {$response->status}", $response->status, $requestId, null, $response->headers);
    }

    private static function random(): float
    {
        return mt_rand() / mt_getrandmax();
    }

    private static function uuid4(): string
    {
        $bytes = random_bytes(16);
        $bytes[6] = chr((ord($bytes[6]) & 0x0f) | 0x40);
        $bytes[8] = chr((ord($bytes[8]) & 0x3f) | 0x80);
        return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
    }
}
