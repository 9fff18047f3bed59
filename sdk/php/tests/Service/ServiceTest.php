<?php

declare(strict_types=1);

namespace OiPayments\Tests\Service;

use OiPayments\Generated\Model\CreatePayment;
use OiPayments\Generated\Model\CreateRefund;
use OiPayments\Generated\Model\Invoice;
use OiPayments\Generated\Model\Payment;
use OiPayments\Generated\Model\PaymentSucceeded;
use OiPayments\OiPayments;
use OiPayments\OiPaymentsException;
use OiPayments\RetrySettings;
use OiPayments\Webhooks\Webhook;
use PHPUnit\Framework\TestCase;

/**
 * The SDK against the running service named by the variables the guides use (OI_PAYMENTS_URL, OI_API_KEY,
 * OI_API_SECRET; OI_PAYMENT is a paid payment's reference, to refund): the envelope unwrapped into
 * models, idempotency keys, typed errors.
 */
final class ServiceTest extends TestCase
{
    private static function required(string $name): string
    {
        $value = getenv($name);
        if ($value === false || $value === '') {
            // A missing service is a failure, never a skip: these tests are the SDK's proof against the real API.
            self::fail("$name is not set: run these tests against a service (OI_PAYMENTS_URL, OI_API_KEY, OI_API_SECRET, OI_PAYMENT)");
        }
        return $value;
    }

    private static function oi(): OiPayments
    {
        // Short backoff keeps the suite quick; Retry-After is honoured as sent whatever these are.
        return new OiPayments(
            self::required('OI_PAYMENTS_URL'),
            self::required('OI_API_KEY'),
            self::required('OI_API_SECRET'),
            retry: new RetrySettings(initialDelay: 0.1, maxDelay: 0.4),
        );
    }

    public function testMeNamesTheAppAndItsTestMode(): void
    {
        $me = self::oi()->me();
        self::assertSame('TEST', $me->getMode());
        self::assertNotSame('', (string) $me->getName());
    }

    public function testCreatesAPaymentAndReadsItBack(): void
    {
        $oi = self::oi();
        $created = $oi->payments->create(new CreatePayment(['amountMinor' => 85_000, 'customerReference' => 'cust_php', 'productName' => 'T-shirt']));
        self::assertMatchesRegularExpression('/^pay_[0-9a-z]{20}$/', $created->getReference());
        self::assertStringStartsWith('http', $created->getCheckoutUrl());
        $read = $oi->payments->retrieve($created->getReference());
        self::assertSame([$created->getReference(), 85_000, 'CREATED'], [$read->getReference(), $read->getAmountMinor(), $read->getStatus()]);
        $page = $oi->payments->list(['customerReference' => 'cust_php', 'size' => 50]);
        self::assertContains($created->getReference(), array_map(static fn (Payment $p) => $p->getReference(), $page->items));
        self::assertGreaterThanOrEqual(1, $page->pagination['totalItems']);
        self::assertArrayHasKey('nextCursor', $page->pagination);
    }

    public function testOneIdempotencyKeyMakesOnePayment(): void
    {
        $oi = self::oi();
        $key = 'php-' . bin2hex(random_bytes(8));
        $body = ['amountMinor' => 12_000, 'customerReference' => 'cust_php_key'];
        $first = $oi->payments->create($body, $key);
        $again = $oi->payments->create($body, $key);
        self::assertSame($first->getReference(), $again->getReference());
        // Without a key of the caller's, each call is a payment of its own.
        self::assertNotSame($first->getReference(), $oi->payments->create($body)->getReference());
    }

    public function testAnErrorAnswerThrowsWithItsCode(): void
    {
        $oi = self::oi();
        try {
            $oi->payments->create(['amountMinor' => -1, 'customerReference' => 'cust_php']);
            self::fail('a negative amount was accepted');
        } catch (OiPaymentsException $error) {
            self::assertSame(['VALIDATION_ERROR', 400], [$error->errorCode, $error->status]);
            self::assertNotEmpty($error->requestId);
            self::assertNotEmpty($error->details);
        }
        try {
            $oi->payments->retrieve('pay_doesnotexist');
            self::fail('an unknown payment was found');
        } catch (OiPaymentsException $error) {
            self::assertSame(404, $error->status);
            self::assertNotEmpty($error->errorCode);
        }
    }

    public function testRefundsAPaidPayment(): void
    {
        $oi = self::oi();
        $paid = self::required('OI_PAYMENT');
        $refund = $oi->refunds->create($paid, new CreateRefund(['amountMinor' => 100, 'reason' => 'php sdk']));
        self::assertSame(100, $refund->getAmountMinor());
        self::assertSame($refund->getReference(), $oi->refunds->retrieve($refund->getReference())->getReference());
    }

    public function testCreatesAnInvoiceAndReadsItBack(): void
    {
        $oi = self::oi();
        $invoice = $oi->invoices->create([
            'customer' => ['customerReference' => 'cust-php', 'name' => 'Rahim Uddin'],
            'lines' => [['description' => 'Consulting hours', 'quantity' => 3, 'unitAmountMinor' => 33_333]],
            'dueDate' => '2030-01-31',
        ]);
        self::assertSame('DRAFT', $invoice->getStatus());
        self::assertSame($invoice->getReference(), $oi->invoices->retrieve($invoice->getReference())->getReference());
        self::assertContains($invoice->getReference(), array_map(static fn (Invoice $i) => $i->getReference(), $oi->invoices->list(['size' => 100])->items));
    }

    public function testReadsThePaidPaymentsEventAsItsModel(): void
    {
        $oi = self::oi();
        $page = $oi->events->list(['type' => 'payment.succeeded', 'payment' => self::required('OI_PAYMENT')]);
        self::assertNotEmpty($page->items);
        $event = $page->items[0];
        self::assertInstanceOf(PaymentSucceeded::class, $event);
        self::assertSame(self::required('OI_PAYMENT'), $event->getData()->getReference());
        $again = $oi->events->retrieve($event->getId());
        self::assertInstanceOf(PaymentSucceeded::class, $again);
        self::assertSame($event->getId(), $again->getId());
    }

    public function testManagesAWebhookEndpointAndItsSecret(): void
    {
        $oi = self::oi();
        $created = $oi->webhookEndpoints->create(['url' => 'https://shop.example.com/webhooks/oi', 'enabledEvents' => ['payment.succeeded']]);
        self::assertStringStartsWith('whsec_', $created->getSecret());
        // The secret verifies what it signs: it is a Standard Webhooks secret as the service issues them.
        $signature = (new Webhook($created->getSecret()))->sign('msg_1', time(), '{}');
        self::assertSame([], (new Webhook($created->getSecret()))->verify('{}', ['webhook-id' => 'msg_1', 'webhook-timestamp' => (string) time(), 'webhook-signature' => $signature]));

        $updated = $oi->webhookEndpoints->update($created->getId(), ['description' => 'the shop']);
        self::assertSame('the shop', $updated->getDescription());
        self::assertSame($created->getId(), $oi->webhookEndpoints->retrieve($created->getId())->getId());
        $rotated = $oi->webhookEndpoints->rotateSecret($created->getId());
        self::assertNotSame($created->getSecret(), $rotated->getSecret());
        self::assertContains($created->getId(), array_map(static fn ($e) => $e->getId(), $oi->webhookEndpoints->list()->items));
        $oi->webhookEndpoints->delete($created->getId());
        try {
            $oi->webhookEndpoints->retrieve($created->getId());
            self::fail('a deleted endpoint was found');
        } catch (OiPaymentsException $error) {
            self::assertSame(404, $error->status);
        }
    }
}
