<?php

declare(strict_types=1);

namespace OiPayments\Tests\Unit;

use OiPayments\Http\HttpResponse;
use OiPayments\Http\NetworkError;
use OiPayments\OiPayments;
use OiPayments\OiPaymentsConnectionException;
use OiPayments\OiPaymentsException;
use OiPayments\RetryPolicy;
use OiPayments\RetrySettings;
use OiPayments\Transport;
use PHPUnit\Framework\TestCase;

/** Retries and idempotency keys on the wire, with staged answers (no service needed). */
final class RetryTest extends TestCase
{
    private const PAYMENT = ['data' => ['reference' => 'pay_aaaaaaaaaaaaaaaaaaaa'], 'meta' => ['success' => true]];

    /** @var list<float> */
    private array $waits = [];

    private function transport(StagedSender $sender): Transport
    {
        $this->waits = [];
        return new Transport(
            'http://oi.test',
            'oi_test_key',
            'secret',
            new RetrySettings(maxRetries: 2, initialDelay: 0.1, maxDelay: 0.4),
            5.0,
            $sender,
            function (float $seconds): void {
                $this->waits[] = $seconds;
            },
        );
    }

    private function create(Transport $transport, ?string $key = null): array
    {
        return $transport->request('POST', '/payments', ['amountMinor' => 1], create: true, idempotencyKey: $key);
    }

    public function testACreateCarriesOneKeyOnEveryAttempt(): void
    {
        $sender = new StagedSender([new NetworkError('refused'), new HttpResponse(503, [], 'busy'), StagedSender::json(201, self::PAYMENT)]);
        $answer = $this->create($this->transport($sender));
        self::assertSame('pay_aaaaaaaaaaaaaaaaaaaa', $answer['data']['reference']);
        self::assertCount(3, $sender->sent);
        $keys = array_unique(array_map(static fn ($r) => $r['headers']['Idempotency-Key'], $sender->sent));
        self::assertCount(1, $keys);
        self::assertMatchesRegularExpression('/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/', $keys[0]);
        self::assertSame('http://oi.test/api/v1/payments', $sender->sent[0]['url']);
        self::assertSame(['amountMinor' => 1], json_decode((string) $sender->sent[0]['body'], true));
        self::assertSame('oi_test_key', $sender->sent[0]['headers']['X-Api-Key']);
        self::assertSame('secret', $sender->sent[0]['headers']['X-Api-Secret']);
        self::assertCount(2, $this->waits);
        foreach ($this->waits as $i => $wait) {
            // Equal jitter: half of 0.1 s doubling per retry, plus up to the other half.
            $step = 0.1 * 2 ** $i;
            self::assertGreaterThanOrEqual($step / 2, $wait);
            self::assertLessThanOrEqual($step, $wait);
        }
    }

    public function testTheCallersKeyIsSentAsGiven(): void
    {
        $sender = new StagedSender([StagedSender::json(201, self::PAYMENT)]);
        $this->create($this->transport($sender), 'order-A-1001');
        self::assertSame('order-A-1001', $sender->sent[0]['headers']['Idempotency-Key']);
    }

    public function testAReadCarriesNoKey(): void
    {
        $sender = new StagedSender([StagedSender::json(200, self::PAYMENT)]);
        $this->transport($sender)->request('GET', '/payments', query: ['status' => 'SUCCEEDED', 'cursor' => null, 'size' => 50]);
        self::assertArrayNotHasKey('Idempotency-Key', $sender->sent[0]['headers']);
        self::assertSame('http://oi.test/api/v1/payments?status=SUCCEEDED&size=50', $sender->sent[0]['url']);
    }

    public function test429WaitsExactlyRetryAfter(): void
    {
        $sender = new StagedSender([StagedSender::error(429, 'RATE_LIMITED', ['Retry-After' => '3']), StagedSender::json(200, self::PAYMENT)]);
        $this->transport($sender)->request('GET', '/payments/pay_1');
        self::assertSame([3.0], $this->waits);
        self::assertCount(2, $sender->sent);
    }

    public function testARetryAfterLongerThanAllowedIsTheCallers(): void
    {
        $sender = new StagedSender([StagedSender::error(429, 'RATE_LIMITED', ['Retry-After' => '600'])]);
        try {
            $this->transport($sender)->request('GET', '/payments/pay_1');
            self::fail('expected an OiPaymentsException');
        } catch (OiPaymentsException $error) {
            self::assertSame(429, $error->status);
            self::assertSame('RATE_LIMITED', $error->errorCode);
            self::assertSame('600', $error->headers['retry-after']);
        }
        self::assertSame([], $this->waits);
        self::assertCount(1, $sender->sent);
    }

    public function testAKeyStillInProgressIsAskedAgain(): void
    {
        $sender = new StagedSender([StagedSender::error(409, RetryPolicy::IN_PROGRESS_CODE), StagedSender::json(201, self::PAYMENT)]);
        $this->create($this->transport($sender));
        self::assertCount(2, $sender->sent);
    }

    public function testAnUnkeyedPostIsNotRepeated(): void
    {
        // A POST without a key may have been carried out: never sent twice, on a 5xx or on no answer.
        foreach ([new HttpResponse(502, [], 'bad gateway'), new NetworkError('reset')] as $answer) {
            $sender = new StagedSender([$answer]);
            try {
                $this->transport($sender)->request('POST', '/invoices/inv_1/issue');
                self::fail('expected an error');
            } catch (OiPaymentsException $error) {
                self::assertNull($error->errorCode);
                self::assertSame(502, $error->status);
                self::assertSame('bad gateway', $error->getMessage());
            } catch (OiPaymentsConnectionException $error) {
                self::assertStringContainsString('after 1 attempt(s)', $error->getMessage());
            }
            self::assertCount(1, $sender->sent);
        }
    }

    public function testAClientErrorIsNotRepeatedAndCarriesItsCode(): void
    {
        $sender = new StagedSender([StagedSender::error(400, 'VALIDATION_ERROR')]);
        try {
            $this->create($this->transport($sender));
            self::fail('expected an OiPaymentsException');
        } catch (OiPaymentsException $error) {
            self::assertSame(['VALIDATION_ERROR', 'validation_error', 400, 'req_1'], [$error->errorCode, $error->getMessage(), $error->status, $error->requestId]);
        }
        self::assertCount(1, $sender->sent);
    }

    public function testRetriesAreBounded(): void
    {
        $sender = new StagedSender([new NetworkError('refused'), new NetworkError('refused'), new NetworkError('refused')]);
        $this->expectException(OiPaymentsConnectionException::class);
        $this->expectExceptionMessage('GET /app/me got no answer after 3 attempt(s): refused');
        try {
            $this->transport($sender)->request('GET', '/app/me');
        } finally {
            self::assertCount(3, $sender->sent);
        }
    }

    public function testRetryAfterAsAnHttpDate(): void
    {
        self::assertSame(10.0, RetryPolicy::parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', 1445412480.0));
        self::assertNull(RetryPolicy::parseRetryAfter('soon', 0));
        self::assertNull(RetryPolicy::parseRetryAfter(null, 0));
    }

    public function testBackoffDoublesUpToTheCap(): void
    {
        $settings = new RetrySettings(initialDelay: 0.5, maxDelay: 8.0);
        self::assertSame([0.25, 0.5, 1.0, 2.0, 4.0, 4.0], array_map(static fn ($i) => RetryPolicy::backoffDelay($i, $settings, 0.0), range(0, 5)));
        self::assertSame(8.0, RetryPolicy::backoffDelay(10, $settings, 1.0));
    }

    public function testTheClientUnwrapsIntoTheGeneratedModel(): void
    {
        $sender = new StagedSender([StagedSender::json(200, ['data' => ['name' => 'Shop', 'mode' => 'TEST'], 'meta' => ['success' => true]])]);
        $oi = new OiPayments('http://oi.test/api/v1/', 'oi_test_key', 'secret', sender: $sender);
        $me = $oi->me();
        self::assertSame(['Shop', 'TEST'], [$me->getName(), $me->getMode()]);
        self::assertSame('http://oi.test/api/v1/app/me', $sender->sent[0]['url']);
    }
}
