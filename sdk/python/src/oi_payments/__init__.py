"""OI Payments for Python: typed models generated from the API's OpenAPI document, and a client
with idempotency keys, retries with backoff, typed errors and Standard Webhooks verification."""

from ._generated import models
from .client import OiPayments
from .errors import OiPaymentsConnectionError, OiPaymentsError, WebhookVerificationError
from .resources import Page, ReportFile, ReportRows
from .retry_policy import RetrySettings
from .webhooks import Webhooks

__all__ = [
    "OiPayments",
    "OiPaymentsConnectionError",
    "OiPaymentsError",
    "Page",
    "ReportFile",
    "ReportRows",
    "RetrySettings",
    "WebhookVerificationError",
    "Webhooks",
    "models",
]
