<?php

declare(strict_types=1);

namespace OiPayments\Tests\Unit;

use OiPayments\OiPayments;
use OiPayments\Webhooks\Webhook;
use OiPayments\Webhooks\Webhooks;
use OiPayments\Webhooks\WebhookVerificationException;
use PHPUnit\Framework\TestCase;

/**
 * Webhook verification: a delivery signed as the service signs it (the `standardwebhooks` npm
 * package, the Standard Webhooks reference library, run with node from the service's checkout)
 * verifies, with one secret or a rotated list of them; any change does not, nor a timestamp
 * outside the tolerance.
 */
final class WebhookTest extends TestCase
{
    private const BODY = '{"id":"evt_1","type":"payment.succeeded","data":{"reference":"pay_1","amountMinor":85000,"productName":"T-shirt \u00e9t\u00e9"}}';

    private static function secret(string $bytes = '0123456789abcdef0123456789abcdef'): string
    {
        return 'whsec_' . base64_encode($bytes);
    }

    /**
     * The signature header the npm package makes for this message: with a list of secrets (the
     * endpoint's, then the one a rotation replaced), each signs, space-separated, as the service sends it.
     *
     * @param string|list<string> $secret
     */
    private static function signedByNode(string|array $secret, string $id, int $timestamp, string $body): string
    {
        return self::node(['secrets' => (array) $secret, 'id' => $id, 'timestamp' => $timestamp, 'body' => $body]);
    }

    /**
     * What the npm package's own verify() says of a message signed with `$secrets`, checked with
     * `$secret` at this machine's time: `verified`, or its error's message.
     *
     * @param list<string> $secrets
     */
    private static function verifiedByNode(array $secrets, string $secret, int $timestamp, string $body): string
    {
        return self::node(['secrets' => $secrets, 'verifyWith' => $secret, 'id' => 'msg_1', 'timestamp' => $timestamp, 'body' => $body]);
    }

    /** @param array<string, mixed> $input */
    private static function node(array $input): string
    {
        $command = 'node ' . escapeshellarg(__DIR__ . '/../support/sign-with-standardwebhooks.cjs') . ' '
            . escapeshellarg(json_encode($input, JSON_THROW_ON_ERROR)) . ' 2>&1';
        exec($command, $output, $code);
        // No node or no package is a failure, never a skip: this is the check against the real signer.
        self::assertSame(0, $code, "node could not sign with standardwebhooks: " . implode("\n", $output));
        return implode("\n", $output);
    }

    /** @return array<string, string> */
    private static function headers(string $secret, string $body, ?int $at = null, string $id = 'msg_1'): array
    {
        $timestamp = $at ?? time();
        return [
            'Webhook-Id' => $id,
            'Webhook-Timestamp' => (string) $timestamp,
            'Webhook-Signature' => self::signedByNode($secret, $id, $timestamp, $body),
        ];
    }

    public function testASignatureFromTheNpmPackageVerifies(): void
    {
        $secret = self::secret();
        $headers = self::headers($secret, self::BODY);
        self::assertMatchesRegularExpression('/^v1,[A-Za-z0-9+\/]{43}=$/', $headers['Webhook-Signature']);
        $event = (new Webhook($secret))->verify(self::BODY, $headers);
        self::assertSame('payment.succeeded', $event['type']);
        self::assertSame('T-shirt été', $event['data']['productName']);
        // The same bytes, the same signature: sign() is the npm package's, character for character.
        self::assertSame(
            $headers['Webhook-Signature'],
            (new Webhook($secret))->sign('msg_1', (int) $headers['Webhook-Timestamp'], self::BODY),
        );
    }

    public function testTheClientVerifiesWithItsEndpointSecret(): void
    {
        $secret = self::secret(random_bytes(24));
        $oi = new OiPayments('http://oi.test', 'oi_test_key', 'secret', webhookSecret: $secret);
        // Header names in any case, and values as a PSR-7 request's getHeaders() gives them.
        $headers = array_map(static fn (string $value) => [$value], array_change_key_case(self::headers($secret, self::BODY), CASE_UPPER));
        self::assertSame('evt_1', $oi->webhooks->verify(self::BODY, $headers)['id']);
    }

    public function testAnyOfSeveralSignaturesMayMatch(): void
    {
        // During a secret rotation the service signs with the old and the new secret, space-separated.
        $old = self::secret('old-secret-old-secret-old-secret');
        $new = self::secret('new-secret-new-secret-new-secret');
        $now = time();
        $both = self::signedByNode($old, 'msg_2', $now, self::BODY) . ' ' . self::signedByNode($new, 'msg_2', $now, self::BODY);
        $headers = ['webhook-id' => 'msg_2', 'webhook-timestamp' => (string) $now, 'webhook-signature' => 'v2,ignored ' . $both];
        foreach ([$old, $new] as $secret) {
            self::assertSame('evt_1', (new Webhooks($secret))->verify(self::BODY, $headers)['id']);
        }
        $this->expectException(WebhookVerificationException::class);
        (new Webhooks(self::secret('another-secret-another-secret-ab')))->verify(self::BODY, $headers);
    }

    public function testADeliverySignedWithARotatedSecretListVerifiesWithEitherSecret(): void
    {
        // The npm package signing with the endpoint's list after a rotation, in one header, as the
        // service sends it: an app still holding the replaced secret and one holding the new one
        // both verify it; any other secret does not.
        $new = self::secret(random_bytes(24));
        $old = self::secret(random_bytes(24));
        $now = time();
        $signature = self::signedByNode([$new, $old], 'msg_3', $now, self::BODY);
        self::assertMatchesRegularExpression('/^v1,[A-Za-z0-9+\/]{43}= v1,[A-Za-z0-9+\/]{43}=$/', $signature);
        $headers = ['Webhook-Id' => 'msg_3', 'Webhook-Timestamp' => (string) $now, 'Webhook-Signature' => $signature];
        foreach ([$new, $old] as $secret) {
            self::assertSame('evt_1', (new Webhook($secret))->verify(self::BODY, $headers)['id']);
            $oi = new OiPayments('http://oi.test', 'oi_test_key', 'secret', webhookSecret: $secret);
            self::assertSame('payment.succeeded', $oi->webhooks->verify(self::BODY, $headers)['type']);
        }
        // The list in the other order reads the same.
        $reversed = ['Webhook-Signature' => self::signedByNode([$old, $new], 'msg_3', $now, self::BODY)] + $headers;
        self::assertSame('evt_1', (new Webhook($new))->verify(self::BODY, $reversed)['id']);
        $this->expectException(WebhookVerificationException::class);
        $this->expectExceptionMessage('No matching signature found');
        (new Webhook(self::secret(random_bytes(24))))->verify(self::BODY, $headers);
    }

    public function testARotatedDeliveryOutsideTheToleranceDoesNotVerifyHereNorInTheNpmPackage(): void
    {
        $new = self::secret(random_bytes(24));
        $old = self::secret(random_bytes(24));
        $now = time();
        // Six minutes off and an hour off, either way: signed with both secrets, right for either,
        // and refused by both verifiers alike, with the same words.
        foreach ([[-360, 'too old'], [-3600, 'too old'], [360, 'too new'], [3600, 'too new']] as [$offset, $reason]) {
            $at = $now + $offset;
            $headers = [
                'webhook-id' => 'msg_1',
                'webhook-timestamp' => (string) $at,
                'webhook-signature' => self::signedByNode([$new, $old], 'msg_1', $at, self::BODY),
            ];
            foreach ([$new, $old] as $secret) {
                try {
                    (new Webhook($secret))->verify(self::BODY, $headers, $now);
                    self::fail("a delivery {$offset} s off verified");
                } catch (WebhookVerificationException $error) {
                    self::assertSame("Message timestamp $reason", $error->getMessage());
                }
                self::assertSame("Message timestamp $reason", self::verifiedByNode([$new, $old], $secret, $at, self::BODY));
            }
        }
        // The same list, on time, verifies in both.
        self::assertSame('verified', self::verifiedByNode([$new, $old], $old, $now, self::BODY));
    }

    /** @return iterable<string, array{callable(array<string, string>, string): array{0: array<string, string>, 1: string}, string}> */
    public static function tampered(): iterable
    {
        yield 'a changed body' => [static fn (array $h, string $b) => [$h, str_replace('pay_1', 'pay_2', $b)], 'No matching signature found'];
        yield 'another message id' => [static fn (array $h, string $b) => [['Webhook-Id' => 'msg_9'] + $h, $b], 'No matching signature found'];
        yield 'no signature header' => [static fn (array $h, string $b) => [array_diff_key($h, ['Webhook-Signature' => 1]), $b], 'Missing webhook-signature header'];
        yield 'no id header' => [static fn (array $h, string $b) => [array_diff_key($h, ['Webhook-Id' => 1]), $b], 'Missing webhook-id header'];
        yield 'a timestamp that is not a number' => [static fn (array $h, string $b) => [['Webhook-Timestamp' => 'soon'] + $h, $b], 'Invalid Signature Headers'];
        yield 'a v1 signature that is not ours' => [static fn (array $h, string $b) => [['Webhook-Signature' => 'v1,' . base64_encode(str_repeat('x', 32))] + $h, $b], 'No matching signature found'];
    }

    /** @dataProvider tampered */
    public function testATamperedDeliveryDoesNotVerify(callable $tamper, string $reason): void
    {
        $secret = self::secret();
        [$headers, $body] = $tamper(self::headers($secret, self::BODY), self::BODY);
        $this->expectException(WebhookVerificationException::class);
        $this->expectExceptionMessage($reason);
        (new Webhook($secret))->verify($body, $headers);
    }

    public function testATimestampMoreThanFiveMinutesOffDoesNotVerify(): void
    {
        $secret = self::secret();
        $webhook = new Webhook($secret);
        $now = time();
        // Just inside the tolerance, either way, still verifies.
        foreach ([$now - 290, $now + 290] as $at) {
            self::assertSame('evt_1', $webhook->verify(self::BODY, self::headers($secret, self::BODY, $at), $now)['id']);
        }
        foreach ([[$now - 301, 'too old'], [$now + 301, 'too new']] as [$at, $reason]) {
            try {
                $webhook->verify(self::BODY, self::headers($secret, self::BODY, $at), $now);
                self::fail("a timestamp $reason verified");
            } catch (WebhookVerificationException $error) {
                self::assertSame("Message timestamp $reason", $error->getMessage());
            }
        }
    }

    public function testASecretThatIsNotBase64IsRefused(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new Webhook('whsec_not base64!');
    }

    public function testRawKeyBytesAreTheSameSecret(): void
    {
        $bytes = random_bytes(32);
        $signature = (new Webhook(self::secret($bytes)))->sign('msg_1', 1700000000, 'x');
        self::assertSame($signature, Webhook::fromRaw($bytes)->sign('msg_1', 1700000000, 'x'));
    }
}
