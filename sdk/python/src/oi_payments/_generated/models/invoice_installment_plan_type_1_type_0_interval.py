from enum import StrEnum


class InvoiceInstallmentPlanType1Type0Interval(StrEnum):
    DAY = "DAY"
    MONTH = "MONTH"
    WEEK = "WEEK"

    def __str__(self) -> str:
        return str(self.value)
