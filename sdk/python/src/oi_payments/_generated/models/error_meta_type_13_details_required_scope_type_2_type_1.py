from enum import StrEnum


class ErrorMetaType13DetailsRequiredScopeType2Type1(StrEnum):
    PAYMENTS = "payments"
    PAYOUTS = "payouts"
    READ = "read"
    REFUNDS = "refunds"
    REPORTING = "reporting"
    WEBHOOKS = "webhooks"

    def __str__(self) -> str:
        return str(self.value)
