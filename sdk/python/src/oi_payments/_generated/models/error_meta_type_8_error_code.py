from enum import StrEnum


class ErrorMetaType8ErrorCode(StrEnum):
    INVOICE_PAYMENT_IN_FLIGHT = "INVOICE_PAYMENT_IN_FLIGHT"

    def __str__(self) -> str:
        return str(self.value)
