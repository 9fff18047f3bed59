from enum import StrEnum


class RefundDestinationType0Type(StrEnum):
    BANK_ACCOUNT = "BANK_ACCOUNT"
    BKASH_WALLET = "BKASH_WALLET"
    NAGAD_WALLET = "NAGAD_WALLET"

    def __str__(self) -> str:
        return str(self.value)
