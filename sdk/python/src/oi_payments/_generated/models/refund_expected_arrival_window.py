from enum import StrEnum


class RefundExpectedArrivalWindow(StrEnum):
    FINANCE = "FINANCE"
    GATEWAY = "GATEWAY"
    MINUTES = "MINUTES"
    NEXT_BANKING_DAY = "NEXT_BANKING_DAY"

    def __str__(self) -> str:
        return str(self.value)
