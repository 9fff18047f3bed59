from enum import StrEnum


class CreateInvoiceInstallmentPlanType0Interval(StrEnum):
    DAY = "DAY"
    MONTH = "MONTH"
    WEEK = "WEEK"

    def __str__(self) -> str:
        return str(self.value)
