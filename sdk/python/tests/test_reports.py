"""Report runs against the running service: a run of today's payments, its rows, both files, one run per
Idempotency-Key, and an unknown run as a typed error."""

from __future__ import annotations

import datetime
import os
import uuid
from zoneinfo import ZoneInfo

import pytest

from oi_payments import OiPayments, OiPaymentsError, models


def _today() -> datetime.date:
    """Today in the company's time zone (COMPANY_TIME_ZONE of the service; Asia/Dhaka unless it says otherwise)."""
    return datetime.datetime.now(ZoneInfo(os.environ.get("OI_COMPANY_TIME_ZONE", "Asia/Dhaka"))).date()


def test_runs_todays_payments_and_reads_them_back(oi: OiPayments, paid_payment: str) -> None:
    today = _today()
    key = f"py-report-{uuid.uuid4()}"
    # From yesterday, so a payment made just before midnight in the company's zone is in it too.
    run = oi.reports.create(
        models.CreateReportRun(
            type_=models.CreateReportRunType.PAYMENTS,
            from_=today - datetime.timedelta(days=1),
            to=today,
            format_=models.CreateReportRunFormat.XLSX,
        ),
        idempotency_key=key,
    )
    assert run.id.startswith("rpt_")
    assert (run.type_.value, run.format_.value, run.mode.value, run.to) == ("payments", "xlsx", "TEST", today)
    assert run.row_count >= 1
    assert oi.reports.retrieve(run.id).id == run.id
    assert run.id in [r.id for r in oi.reports.list(type="payments", size=100).items]
    assert run.id in [r.id for r in oi.reports.iterate(size=1)]

    page = oi.reports.rows(run.id, limit=1000)
    assert page.columns == run.columns
    paid = [row for row in page.rows if row["reference"] == paid_payment]
    assert len(paid) == 1
    assert isinstance(paid[0]["amount_minor"], int) and not isinstance(paid[0]["amount_minor"], bool)
    assert paid[0]["status"] in ("SUCCEEDED", "PARTIALLY_REFUNDED", "REFUNDED")
    first = oi.reports.rows(run.id, offset=0, limit=1)
    assert len(first.rows) == 1
    assert first.pagination["nextCursor"] == ("1" if run.row_count > 1 else None)

    xlsx = oi.reports.download(run.id)
    assert xlsx.content[:2] == b"PK"
    assert (xlsx.format, xlsx.file_name) == ("xlsx", run.file_name)
    csv = oi.reports.download(run.id, format="csv")
    assert csv.format == "csv" and csv.file_name.endswith(".csv")
    header = ",".join(run.columns).encode()
    assert csv.content.startswith(b"\xef\xbb\xbf" + header + b"\r\n")  # the BOM, then the header
    assert paid_payment.encode() in csv.content

    # The same key answers the same run: a retried create never runs it twice.
    body = {"type": "payments", "from": (today - datetime.timedelta(days=1)).isoformat(), "to": today.isoformat()}
    again = oi.reports.create({**body, "format": "xlsx"}, idempotency_key=key)
    assert again.id == run.id


def test_an_unknown_run_raises_report_run_not_found(oi: OiPayments) -> None:
    with pytest.raises(OiPaymentsError) as missing:
        oi.reports.retrieve("rpt_00000000000000000000")
    assert (missing.value.status, missing.value.error_code) == (404, "REPORT_RUN_NOT_FOUND")
    with pytest.raises(OiPaymentsError) as refused:
        oi.reports.create({"type": "payments", "from": "2026-01-02", "to": "2026-01-01"})
    assert (refused.value.status, refused.value.error_code) == (400, "VALIDATION_ERROR")
