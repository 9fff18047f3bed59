from enum import StrEnum


class ErrorMetaType14DetailsKind(StrEnum):
    PAYMENT = "PAYMENT"
    PAYOUT = "PAYOUT"
    REFUND = "REFUND"

    def __str__(self) -> str:
        return str(self.value)
