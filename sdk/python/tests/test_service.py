"""The SDK against the running service: the envelope unwrapped into models, keys, and typed errors."""

from __future__ import annotations

import uuid

import pytest

from oi_payments import OiPayments, OiPaymentsError, models


def test_me_names_the_app_and_its_test_mode(oi: OiPayments) -> None:
    me = oi.me()
    assert me.mode == models.AppMeMode.TEST
    assert me.name


def test_creates_a_payment_and_reads_it_back(oi: OiPayments) -> None:
    created = oi.payments.create(
        models.CreatePayment(amount_minor=85_000, customer_reference="cust_py", product_name="T-shirt")
    )
    assert created.reference.startswith("pay_")
    assert created.checkout_url.startswith("http")
    read = oi.payments.retrieve(created.reference)
    assert (read.reference, read.amount_minor) == (created.reference, 85_000)
    page = oi.payments.list(customerReference="cust_py", size=50)
    assert created.reference in [p.reference for p in page.items]
    assert "hasMore" in page.pagination or page.pagination


def test_iterate_reads_every_page_through_after(oi: OiPayments) -> None:
    customer = f"cust_py_pages_{uuid.uuid4().hex[:8]}"
    made = [
        oi.payments.create({"amountMinor": 1_000 + n, "customerReference": customer}).reference for n in range(5)
    ]
    first = oi.payments.list(customerReference=customer, size=2)
    assert len(first.items) == 2 and first.pagination.get("nextCursor")
    read = [p.reference for p in oi.payments.iterate(customerReference=customer, size=2)]
    assert sorted(read) == sorted(made)
    assert len(read) == len(set(read))


def test_one_idempotency_key_makes_one_payment(oi: OiPayments) -> None:
    key = f"py-{uuid.uuid4()}"
    body = {"amountMinor": 12_000, "customerReference": "cust_py_key"}
    first = oi.payments.create(body, idempotency_key=key)
    again = oi.payments.create(body, idempotency_key=key)
    assert again.reference == first.reference


def test_an_error_answer_raises_with_its_code(oi: OiPayments) -> None:
    with pytest.raises(OiPaymentsError) as raised:
        oi.payments.create({"amountMinor": -1, "customerReference": "cust_py"})
    assert raised.value.error_code == "VALIDATION_ERROR"
    assert raised.value.status == 400
    assert raised.value.request_id
    with pytest.raises(OiPaymentsError) as missing:
        oi.payments.retrieve("pay_doesnotexist")
    assert missing.value.status == 404
    assert missing.value.error_code


def test_refunds_a_paid_payment(oi: OiPayments, paid_payment: str) -> None:
    refund = oi.refunds.create(paid_payment, models.CreateRefund(amount_minor=100, reason="py sdk"))
    assert refund.amount_minor == 100
    assert oi.refunds.retrieve(refund.reference).reference == refund.reference


def test_creates_an_invoice_and_reads_it_back(oi: OiPayments) -> None:
    invoice = oi.invoices.create(
        {
            "customer": {"customerReference": "cust-py", "name": "Rahim Uddin"},
            "lines": [{"description": "Consulting hours", "quantity": 3, "unitAmountMinor": 33_333}],
            "dueDate": "2030-01-31",
        }
    )
    assert invoice.status.value == "DRAFT"
    assert oi.invoices.retrieve(invoice.reference).reference == invoice.reference
