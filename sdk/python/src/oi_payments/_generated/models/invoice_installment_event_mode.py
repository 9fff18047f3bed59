from enum import StrEnum


class InvoiceInstallmentEventMode(StrEnum):
    LIVE = "LIVE"
    TEST = "TEST"

    def __str__(self) -> str:
        return str(self.value)
