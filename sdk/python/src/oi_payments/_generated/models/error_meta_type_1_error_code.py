from enum import StrEnum


class ErrorMetaType1ErrorCode(StrEnum):
    PAYMENT_NOT_REFUNDABLE = "PAYMENT_NOT_REFUNDABLE"
    REFUND_EXCEEDS_REFUNDABLE = "REFUND_EXCEEDS_REFUNDABLE"

    def __str__(self) -> str:
        return str(self.value)
