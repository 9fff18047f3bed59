from enum import StrEnum


class ReportRunType(StrEnum):
    JOURNAL = "journal"
    PAYMENTS = "payments"
    PAYOUTS = "payouts"
    REFUNDS = "refunds"
    SETTLEMENT_DAYS = "settlement-days"
    STATEMENT = "statement"

    def __str__(self) -> str:
        return str(self.value)
