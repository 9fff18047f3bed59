from enum import StrEnum


class InvoiceInstallmentEventInstallmentsItemState(StrEnum):
    DUE = "DUE"
    OVERDUE = "OVERDUE"
    PAID = "PAID"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    UPCOMING = "UPCOMING"
    VOID = "VOID"

    def __str__(self) -> str:
        return str(self.value)
