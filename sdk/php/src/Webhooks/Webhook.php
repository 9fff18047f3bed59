<?php

declare(strict_types=1);

namespace OiPayments\Webhooks;

/**
 * Standard Webhooks (https://www.standardwebhooks.com/) verification, as the service signs its
 * deliveries with the `standardwebhooks` npm package: headers webhook-id, webhook-timestamp and
 * webhook-signature; each signature `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the
 * bytes of the `whsec_…` secret's base64; several signatures separated by spaces (during a secret
 * rotation the old and new secrets both sign); a timestamp more than five minutes off is refused,
 * so a captured delivery cannot be replayed later.
 *
 * Why this is ours: the reference PHP implementation (standard-webhooks/standard-webhooks) is only
 * published on Packagist, which an installation from the service's own Composer repository does not
 * reach, and the SDK needs nothing but PHP's own extensions. Its API is mirrored here
 * (`new Webhook($secret)`, `verify($payload, $headers)`, `sign($msgId, $timestamp, $payload)`,
 * `Webhook::fromRaw($bytes)`), so swapping that library in is a change of namespace; the tests check
 * this class against signatures made by the npm package the service uses.
 */
final class Webhook
{
    public const SECRET_PREFIX = 'whsec_';
    /** Seconds a delivery's timestamp may be off from this machine's clock, either way. */
    public const TOLERANCE = 5 * 60;

    private string $key;

    /** @param string $secret the endpoint's secret: `whsec_` and base64 (or the base64 alone) */
    public function __construct(string $secret)
    {
        if (str_starts_with($secret, self::SECRET_PREFIX)) {
            $secret = substr($secret, strlen(self::SECRET_PREFIX));
        }
        $key = base64_decode($secret, true);
        if ($key === false || $key === '') {
            throw new \InvalidArgumentException('The webhook secret is not base64 (whsec_…)');
        }
        $this->key = $key;
    }

    /** A verifier keyed with the secret's raw bytes rather than its base64. */
    public static function fromRaw(string $key): self
    {
        return new self(base64_encode($key));
    }

    /**
     * The payload decoded as JSON (an event: id, type, data…) once its signature and timestamp verify.
     *
     * @param string $payload the body's bytes exactly as received: parsed and re-encoded JSON no longer matches
     * @param array<string, string|list<string>> $headers the request's headers, any case (a PSR-7 getHeaders() array works too)
     * @throws WebhookVerificationException
     */
    public function verify(string $payload, array $headers, ?int $now = null): mixed
    {
        $lowered = [];
        foreach ($headers as $name => $value) {
            $lowered[strtolower((string) $name)] = is_array($value) ? implode(' ', array_map('strval', $value)) : (string) $value;
        }
        foreach (['webhook-id', 'webhook-timestamp', 'webhook-signature'] as $required) {
            if (!isset($lowered[$required]) || $lowered[$required] === '') {
                throw new WebhookVerificationException("Missing $required header");
            }
        }
        $timestamp = self::verifyTimestamp($lowered['webhook-timestamp'], $now ?? time());
        $expected = substr($this->sign($lowered['webhook-id'], $timestamp, $payload), strlen('v1,'));
        foreach (explode(' ', $lowered['webhook-signature']) as $versioned) {
            $parts = explode(',', $versioned, 2);
            if (count($parts) !== 2 || $parts[0] !== 'v1') {
                continue;
            }
            // Constant time: how much of a forged signature matched must not show in the timing.
            if (hash_equals($expected, $parts[1])) {
                return json_decode($payload, true);
            }
        }
        throw new WebhookVerificationException('No matching signature found');
    }

    /** `v1,<signature>` for a message, as the sender puts it in webhook-signature. */
    public function sign(string $msgId, int $timestamp, string $payload): string
    {
        if ($timestamp <= 0) {
            throw new \InvalidArgumentException('Invalid timestamp');
        }
        return 'v1,' . base64_encode(hash_hmac('sha256', "$msgId.$timestamp.$payload", $this->key, true));
    }

    private static function verifyTimestamp(string $header, int $now): int
    {
        if (!ctype_digit($header)) {
            throw new WebhookVerificationException('Invalid Signature Headers');
        }
        $timestamp = (int) $header;
        if ($timestamp < $now - self::TOLERANCE) {
            throw new WebhookVerificationException('Message timestamp too old');
        }
        if ($timestamp > $now + self::TOLERANCE) {
            throw new WebhookVerificationException('Message timestamp too new');
        }
        return $timestamp;
    }
}
