"""What apps do with the API: payments, refunds, invoices. Answers come back as the generated models."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from ._generated.models import (
    CreateInvoice,
    CreatePayment,
    CreateRefund,
    Invoice,
    Payment,
    PaymentWithRefunds,
    Refund,
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
