from enum import StrEnum


class ReportRunDeliveryStatus(StrEnum):
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    NONE = "NONE"
    PENDING = "PENDING"

    def __str__(self) -> str:
        return str(self.value)
