"""What apps do with the API: payments, refunds, invoices, reports. Answers come back as the generated models."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from ._generated.models import (
    CreateInvoice,
    CreatePayment,
    CreateRefund,
    CreateReportRun,
    Invoice,
    Payment,
    PaymentWithRefunds,
    Refund,
    ReportRun,
)
from .transport import Transport

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of a list: its items, the status summary where the list has one, and its pagination
    (`nextCursor`, passed back as `after`, reads the next page at any depth)."""

    items: list[T]
    pagination: dict[str, Any]
    summary: list[dict[str, Any]] = field(default_factory=list)


def _body(params: Any) -> dict[str, Any]:
    """A generated model as the API's JSON, or a mapping already in the API's names (camelCase)."""
    return params.to_dict() if hasattr(params, "to_dict") else dict(params)


def _segment(id: str | int) -> str:
    return quote(str(id), safe="")


class Payments:
    """Payments: create one, send the customer to its checkoutUrl, read the outcome back."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def create(
        self, params: CreatePayment | Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> Payment:
        """Creates a payment with an Idempotency-Key (yours, or one the SDK makes per call)."""
        answer = self._transport.request(
            "POST", "/payments", body=_body(params), create=True, idempotency_key=idempotency_key
        )
        return Payment.from_dict(answer["data"])

    def retrieve(self, id: str | int) -> PaymentWithRefunds:
        """A payment by its reference (pay_…) or numeric id, with its refunds and disputes."""
        return PaymentWithRefunds.from_dict(self._transport.request("GET", f"/payments/{_segment(id)}")["data"])

    def list(self, **query: Any) -> Page[Payment]:
        """One page of payments, newest first; filters and paging as the API names them (status, size,
        page, or after: the `nextCursor` of the page before)."""
        answer = self._transport.request("GET", "/payments", query=query)
        data = answer["data"]
        return Page(
            items=[Payment.from_dict(item) for item in data["items"]],
            pagination=answer.get("pagination", {}),
            summary=data.get("summary", []),
        )

    def iterate(self, **query: Any) -> Iterator[Payment]:
        """Every payment the filters match, newest first, read page by page through `after`."""
        query = {name: value for name, value in query.items() if name not in ("page", "after")}
        after: str | None = None
        while True:
            page = self.list(**query) if after is None else self.list(**query, after=after)
            yield from page.items
            after = page.pagination.get("nextCursor")
            if not after:
                return


class Refunds:
    """Refunds: take all or part of a payment back; the outcome arrives as refund.succeeded or refund.failed."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def create(
        self,
        payment_id: str | int,
        params: CreateRefund | Mapping[str, Any],
        *,
        idempotency_key: str | None = None,
    ) -> Refund:
        """Refunds a payment (named by reference or id), with an Idempotency-Key."""
        answer = self._transport.request(
            "POST",
            f"/payments/{_segment(payment_id)}/refunds",
            body=_body(params),
            create=True,
            idempotency_key=idempotency_key,
        )
        return Refund.from_dict(answer["data"])

    def retrieve(self, id: str | int) -> Refund:
        """A refund by its reference (rf_…) or numeric id."""
        return Refund.from_dict(self._transport.request("GET", f"/refunds/{_segment(id)}")["data"])


class Invoices:
    """Invoices: a bill the customer pays on its own page, in full or by installments."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def create(
        self, params: CreateInvoice | Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> Invoice:
        """Creates an invoice (a DRAFT unless issued on creation), with an Idempotency-Key."""
        answer = self._transport.request(
            "POST", "/invoices", body=_body(params), create=True, idempotency_key=idempotency_key
        )
        return Invoice.from_dict(answer["data"])

    def retrieve(self, id: str | int) -> Invoice:
        """An invoice by its reference or numeric id."""
        return Invoice.from_dict(self._transport.request("GET", f"/invoices/{_segment(id)}")["data"])


@dataclass
class ReportFile:
    """A report run's file as downloaded: its bytes (CSV, UTF-8 starting with a BOM; or XLSX, a zip)
    and the name the service gives it."""

    content: bytes
    file_name: str
    content_type: str
    format: str


@dataclass
class ReportRows:
    """A page of a run's rows: its columns, and each row as a dict keyed by column (ints for ids,
    counts and ``*_minor`` amounts, None for an empty cell); ``pagination["nextCursor"]`` is the
    next page's offset, None after the last row."""

    columns: list[str]
    rows: list[dict[str, Any]]
    pagination: dict[str, Any]


def _file_name(disposition: str | None) -> str | None:
    match = re.search(r'filename="([^"]+)"', disposition or "")
    return match.group(1) if match else None


class Reports:
    """Report runs: a file of the app's own money (payments, refunds, payouts, or its statement with
    fees and totals) for the days it names, in this client's mode. Download the file (CSV or XLSX,
    the same rows) or read its rows for 90 days after the run."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def create(
        self, params: CreateReportRun | Mapping[str, Any], *, idempotency_key: str | None = None
    ) -> ReportRun:
        """Runs a report for ``from`` to ``to`` (YYYY-MM-DD, both included, in the company's time zone;
        at most 366 days, not after today), with an Idempotency-Key: the same key answers the same run."""
        answer = self._transport.request(
            "POST", "/reports/runs", body=_body(params), create=True, idempotency_key=idempotency_key
        )
        return ReportRun.from_dict(answer["data"])

    def retrieve(self, id: str) -> ReportRun:
        """A run by its id (rpt_…)."""
        return ReportRun.from_dict(self._transport.request("GET", f"/reports/runs/{_segment(id)}")["data"])

    def list(self, **query: Any) -> Page[ReportRun]:
        """One page of runs, newest first (type, size, or after: the `nextCursor` of the page before)."""
        answer = self._transport.request("GET", "/reports/runs", query=query)
        return Page(
            items=[ReportRun.from_dict(item) for item in answer["data"]["items"]],
            pagination=answer.get("pagination", {}),
        )

    def iterate(self, **query: Any) -> Iterator[ReportRun]:
        """Every run the filter matches, newest first, read page by page through `after`."""
        query = {name: value for name, value in query.items() if name != "after"}
        after: str | None = None
        while True:
            page = self.list(**query) if after is None else self.list(**query, after=after)
            yield from page.items
            after = page.pagination.get("nextCursor")
            if not after:
                return

    def download(self, id: str, *, format: str | None = None) -> ReportFile:
        """The run's file, in the run's own format unless ``format`` ("csv" or "xlsx") names the other."""
        response = self._transport.send(
            "GET", f"/reports/runs/{_segment(id)}/file", query={"format": format}
        )
        content_type = response.headers.get("content-type", "application/octet-stream")
        kind = "csv" if content_type.startswith("text/csv") else "xlsx"
        return ReportFile(
            content=response.content,
            file_name=_file_name(response.headers.get("content-disposition")) or f"{id}.{kind}",
            content_type=content_type,
            format=kind,
        )

    def rows(self, id: str, *, offset: int | None = None, limit: int | None = None) -> ReportRows:
        """The run's columns and a page of its rows from ``offset`` (at most ``limit``, 1000)."""
        answer = self._transport.request(
            "GET", f"/reports/runs/{_segment(id)}/rows", query={"offset": offset, "limit": limit}
        )
        data = answer["data"]
        return ReportRows(
            columns=list(data["columns"]),
            rows=[dict(row) for row in data["rows"]],
            pagination=answer.get("pagination", {}),
        )
