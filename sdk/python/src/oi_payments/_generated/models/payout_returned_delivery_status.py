from enum import StrEnum


class PayoutReturnedDeliveryStatus(StrEnum):
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    NO_ENDPOINT = "NO_ENDPOINT"
    PENDING = "PENDING"

    def __str__(self) -> str:
        return str(self.value)
