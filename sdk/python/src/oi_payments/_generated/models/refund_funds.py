from enum import StrEnum


class RefundFunds(StrEnum):
    CAPTURED = "CAPTURED"
    UNAPPLIED = "UNAPPLIED"

    def __str__(self) -> str:
        return str(self.value)
