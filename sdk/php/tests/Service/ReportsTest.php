<?php

declare(strict_types=1);

namespace OiPayments\Tests\Service;

use OiPayments\Generated\Model\CreateReportRun;
use OiPayments\Generated\Model\ReportRun;
use OiPayments\OiPayments;
use OiPayments\OiPaymentsException;
use OiPayments\RetrySettings;
use PHPUnit\Framework\TestCase;

/**
 * Report runs against the running service named by the variables the guides use (OI_PAYMENTS_URL,
 * OI_API_KEY, OI_API_SECRET; OI_PAYMENT is a paid payment's reference, made today): a run of today's
 * payments, its rows, both files, one run per Idempotency-Key, and an unknown run as a typed error.
 */
final class ReportsTest extends TestCase
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
        return new OiPayments(
            self::required('OI_PAYMENTS_URL'),
            self::required('OI_API_KEY'),
            self::required('OI_API_SECRET'),
            retry: new RetrySettings(initialDelay: 0.1, maxDelay: 0.4),
        );
    }

    /** Today in the company's time zone (the service's COMPANY_TIME_ZONE; Asia/Dhaka unless it says otherwise). */
    private static function today(): \DateTimeImmutable
    {
        $zone = getenv('OI_COMPANY_TIME_ZONE') ?: 'Asia/Dhaka';
        return new \DateTimeImmutable('today', new \DateTimeZone($zone));
    }

    public function testRunsTodaysPaymentsAndReadsThemBack(): void
    {
        $oi = self::oi();
        $paid = self::required('OI_PAYMENT');
        $today = self::today();
        $key = 'php-report-' . bin2hex(random_bytes(8));
        // From yesterday, so a payment made just before midnight in the company's zone is in it too.
        $from = $today->modify('-1 day');
        $run = $oi->reports->create(
            new CreateReportRun(['type' => 'payments', 'from' => \DateTime::createFromImmutable($from), 'to' => \DateTime::createFromImmutable($today), 'format' => 'xlsx']),
            $key,
        );
        self::assertMatchesRegularExpression('/^rpt_[0-9a-z]{20}$/', $run->getId());
        self::assertSame(['payments', 'xlsx', 'TEST', $today->format('Y-m-d')], [$run->getType(), $run->getFormat(), $run->getMode(), $run->getTo()->format('Y-m-d')]);
        self::assertGreaterThanOrEqual(1, $run->getRowCount());
        self::assertSame($run->getId(), $oi->reports->retrieve($run->getId())->getId());
        self::assertContains($run->getId(), array_map(static fn (ReportRun $r) => $r->getId(), $oi->reports->list(['type' => 'payments', 'size' => 100])->items));

        $page = $oi->reports->rows($run->getId(), limit: 1000);
        self::assertSame($run->getColumns(), $page->columns);
        $rows = array_values(array_filter($page->rows, static fn (array $row) => $row['reference'] === $paid));
        self::assertCount(1, $rows);
        self::assertIsInt($rows[0]['amount_minor']);
        self::assertContains($rows[0]['status'], ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
        $first = $oi->reports->rows($run->getId(), offset: 0, limit: 1);
        self::assertCount(1, $first->rows);
        self::assertSame($run->getRowCount() > 1 ? '1' : null, $first->pagination['nextCursor']);

        $xlsx = $oi->reports->download($run->getId());
        self::assertSame('PK', substr($xlsx->content, 0, 2));
        self::assertSame(['xlsx', $run->getFileName()], [$xlsx->format, $xlsx->fileName]);
        $csv = $oi->reports->download($run->getId(), 'csv');
        self::assertSame('csv', $csv->format);
        self::assertStringEndsWith('.csv', $csv->fileName);
        // The BOM, then the header.
        self::assertStringStartsWith("\u{FEFF}" . implode(',', $run->getColumns()) . "\r\n", $csv->content);
        self::assertStringContainsString($paid, $csv->content);

        // The same key answers the same run: a retried create never runs it twice.
        $body = ['type' => 'payments', 'from' => $from->format('Y-m-d'), 'to' => $today->format('Y-m-d'), 'format' => 'xlsx'];
        self::assertSame($run->getId(), $oi->reports->create($body, $key)->getId());
    }

    public function testAnUnknownRunThrowsReportRunNotFound(): void
    {
        $oi = self::oi();
        try {
            $oi->reports->retrieve('rpt_00000000000000000000');
            self::fail('an unknown run was found');
        } catch (OiPaymentsException $error) {
            self::assertSame([404, 'REPORT_RUN_NOT_FOUND'], [$error->status, $error->errorCode]);
        }
        try {
            $oi->reports->create(['type' => 'payments', 'from' => '2026-01-02', 'to' => '2026-01-01']);
            self::fail('a period ending before it starts was run');
        } catch (OiPaymentsException $error) {
            self::assertSame([400, 'VALIDATION_ERROR'], [$error->status, $error->errorCode]);
        }
    }
}
