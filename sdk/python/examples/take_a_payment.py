"""Take a payment: the getting-started flow with the Python SDK.

    OI_PAYMENTS_URL=http://localhost:8080 OI_API_KEY=oi_test_… OI_API_SECRET=… python examples/take_a_payment.py
"""

from __future__ import annotations

import os
import sys
import uuid

from oi_payments import OiPayments, OiPaymentsError, models


def main() -> int:
    with OiPayments(os.environ["OI_PAYMENTS_URL"], os.environ["OI_API_KEY"], os.environ["OI_API_SECRET"]) as oi:
        me = oi.me()
        print(f"Signed in as {me.name} ({me.mode.value})")
        order_id = f"A-{uuid.uuid4().hex[:8]}"
        try:
            payment = oi.payments.create(
                models.CreatePayment(
                    amount_minor=85_000, customer_reference="cust_42", product_name="T-shirt", order_id=order_id
                ),
                # The same key on a retry of this order gets the same payment, never a second one.
                idempotency_key=f"order-{order_id}",
            )
        except OiPaymentsError as error:
            print(f"The API refused: {error.error_code}: {error.message} (request {error.request_id})")
            return 1
        # Send the customer here; the outcome arrives as a webhook (payment.succeeded or payment.failed).
        print(f"Checkout URL: {payment.checkout_url}")
        read = oi.payments.retrieve(payment.reference)
        print(f"{read.reference} is {read.status.value}, {read.amount_minor} {read.currency} minor units")
    return 0


if __name__ == "__main__":
    sys.exit(main())
