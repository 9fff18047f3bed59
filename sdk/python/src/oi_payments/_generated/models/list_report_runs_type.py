from enum import StrEnum


class ListReportRunsType(StrEnum):
    PAYMENTS = "payments"
    PAYOUTS = "payouts"
    REFUNDS = "refunds"
    STATEMENT = "statement"

    def __str__(self) -> str:
        return str(self.value)
