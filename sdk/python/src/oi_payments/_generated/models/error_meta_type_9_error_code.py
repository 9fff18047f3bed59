from enum import StrEnum


class ErrorMetaType9ErrorCode(StrEnum):
    PAYMENT_EXCEEDS_OUTSTANDING = "PAYMENT_EXCEEDS_OUTSTANDING"

    def __str__(self) -> str:
        return str(self.value)
