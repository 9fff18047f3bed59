from enum import StrEnum


class RefundRoute(StrEnum):
    FINANCE = "FINANCE"
    GATEWAY = "GATEWAY"
    PAYOUT = "PAYOUT"

    def __str__(self) -> str:
        return str(self.value)
