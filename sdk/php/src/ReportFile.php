<?php

declare(strict_types=1);

namespace OiPayments;

/** A report run's file as downloaded: its bytes (CSV, UTF-8 starting with a BOM; or XLSX, a zip) and the name the service gives it. */
final class ReportFile
{
    /**
     * @param string $format 'csv' or 'xlsx'
     */
    public function __construct(
        public readonly string $content,
        public readonly string $fileName,
        public readonly string $contentType,
        public readonly string $format,
    ) {
    }
}
