from enum import StrEnum


class PayoutBatchLineRail(StrEnum):
    BANK = "bank"
    BKASH = "bkash"
    NAGAD = "nagad"

    def __str__(self) -> str:
        return str(self.value)
