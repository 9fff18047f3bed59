<?php

declare(strict_types=1);

namespace OiPayments\Resources;

use OiPayments\Generated\Model\CreateReportRun;
use OiPayments\Generated\Model\ReportRun;
use OiPayments\Hydrator;
use OiPayments\Page;
use OiPayments\ReportFile;
use OiPayments\ReportRows;
use OiPayments\Transport;

/**
 * Report runs: a file of the app's own money (payments, refunds, payouts, or its statement with fees
 * and totals) for the days it names, in this client's mode. Download the file (CSV or XLSX, the same
 * rows) or read its rows for 90 days after the run.
 */
final class Reports
{
    public function __construct(private readonly Transport $transport)
    {
    }

    /**
     * Runs a report for `from` to `to` (YYYY-MM-DD, both included, in the company's time zone; at most
     * 366 days, not after today), with an Idempotency-Key: the same key answers the same run.
     *
     * @param CreateReportRun|array<string, mixed> $params
     */
    public function create(CreateReportRun|array $params, ?string $idempotencyKey = null): ReportRun
    {
        $answer = $this->transport->request('POST', '/reports/runs', $params, create: true, idempotencyKey: $idempotencyKey);
        return Hydrator::model($answer['data'], ReportRun::class);
    }

    /** A run by its id (rpt_…). */
    public function retrieve(string $id): ReportRun
    {
        return Hydrator::model($this->transport->request('GET', '/reports/runs/' . Path::segment($id))['data'], ReportRun::class);
    }

    /**
     * One page of runs, newest first; filters as the API names them (type, size, after: the page's nextCursor).
     *
     * @param array<string, mixed> $query
     * @return Page<ReportRun>
     */
    public function list(array $query = []): Page
    {
        return Page::of($this->transport->request('GET', '/reports/runs', query: $query), ReportRun::class);
    }

    /** The run's file, in the run's own format unless $format ('csv' or 'xlsx') names the other. */
    public function download(string $id, ?string $format = null): ReportFile
    {
        $answer = $this->transport->send('GET', '/reports/runs/' . Path::segment($id) . '/file', query: ['format' => $format], accept: '*/*');
        $contentType = $answer->header('content-type') ?? 'application/octet-stream';
        $kind = str_starts_with($contentType, 'text/csv') ? 'csv' : 'xlsx';
        $named = preg_match('/filename="([^"]+)"/', $answer->header('content-disposition') ?? '', $match) === 1;
        return new ReportFile($answer->body, $named ? $match[1] : "$id.$kind", $contentType, $kind);
    }

    /** The run's columns and a page of its rows from $offset (at most $limit, 1000; 100 unless given). */
    public function rows(string $id, ?int $offset = null, ?int $limit = null): ReportRows
    {
        $answer = $this->transport->request('GET', '/reports/runs/' . Path::segment($id) . '/rows', query: ['offset' => $offset, 'limit' => $limit]);
        return ReportRows::of($answer);
    }
}
