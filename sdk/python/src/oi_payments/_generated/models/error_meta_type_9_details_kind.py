from enum import StrEnum


class ErrorMetaType9DetailsKind(StrEnum):
    PAYMENT = "PAYMENT"
    PAYOUT = "PAYOUT"
    REFUND = "REFUND"

    def __str__(self) -> str:
        return str(self.value)
