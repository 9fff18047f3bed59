<?php

declare(strict_types=1);

namespace OiPayments\Tests\Unit;

use OiPayments\Generated\Model\CreatePayment;
use OiPayments\Generated\Model\Event;
use OiPayments\Generated\Model\ModelInterface;
use OiPayments\Generated\Model\PaymentSucceeded;
use OiPayments\Generated\Model\PaymentWithRefunds;
use OiPayments\Generated\ObjectSerializer;
use OiPayments\Hydrator;
use PHPUnit\Framework\TestCase;

/** The generated models stand on PHP alone (no Guzzle, nothing from Packagist) and read the API's JSON. */
final class GeneratedModelsTest extends TestCase
{
    public function testEveryGeneratedClassLoadsWithoutAnyOtherPackage(): void
    {
        $dir = __DIR__ . '/../../src/Generated';
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS));
        $loaded = 0;
        foreach ($files as $file) {
            $relative = substr($file->getPathname(), strlen($dir) + 1, -strlen('.php'));
            $class = 'OiPayments\\Generated\\' . str_replace('/', '\\', $relative);
            $code = (string) file_get_contents($file->getPathname());
            self::assertDoesNotMatchRegularExpression('/^use (GuzzleHttp|Psr)\\\\/m', $code, $relative);
            self::assertTrue(class_exists($class) || interface_exists($class), "$class does not load");
            $loaded++;
        }
        self::assertGreaterThan(100, $loaded);
    }

    public function testARequestModelSerialisesUnderTheApisNames(): void
    {
        $body = new CreatePayment(['amountMinor' => 85_000, 'customerReference' => 'cust_42', 'productName' => 'T-shirt', 'orderId' => 'A-1001']);
        self::assertSame(
            ['amountMinor' => 85_000, 'currency' => 'BDT', 'customerReference' => 'cust_42', 'productName' => 'T-shirt', 'orderId' => 'A-1001'],
            json_decode(json_encode(ObjectSerializer::sanitizeForSerialization($body), JSON_THROW_ON_ERROR), true),
        );
    }

    public function testAnAnswerHydratesIntoTypedFields(): void
    {
        $payment = Hydrator::model([
            'id' => 7,
            'reference' => 'pay_0123456789abcdefghij',
            'status' => 'SUCCEEDED',
            'amountMinor' => 85_000,
            'currency' => 'BDT',
            'customerEmail' => null,
            'metadata' => ['orderId' => 'A-1001'],
            'createdAt' => '2026-03-01T10:00:00.000Z',
            'refunds' => [],
        ], PaymentWithRefunds::class);
        self::assertInstanceOf(ModelInterface::class, $payment);
        self::assertSame([7, 'SUCCEEDED', 85_000, null], [$payment->getId(), $payment->getStatus(), $payment->getAmountMinor(), $payment->getCustomerEmail()]);
        self::assertSame('2026-03-01T10:00:00+00:00', $payment->getCreatedAt()?->format(DATE_ATOM));
        self::assertSame(['orderId' => 'A-1001'], $payment->getMetadata());
    }

    public function testAnEventBecomesTheModelOfItsType(): void
    {
        $event = Hydrator::model([
            'id' => 'evt_0123456789abcdefghijklmn',
            'type' => 'payment.succeeded',
            'timestamp' => '2026-03-01T10:00:00.000Z',
            'data' => ['reference' => 'pay_0123456789abcdefghij', 'status' => 'SUCCEEDED', 'amountMinor' => 100],
            'deliveryStatus' => 'DELIVERED',
        ], Event::class);
        self::assertInstanceOf(PaymentSucceeded::class, $event);
        self::assertSame('pay_0123456789abcdefghij', $event->getData()->getReference());
    }
}
