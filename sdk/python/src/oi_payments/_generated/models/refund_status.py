from enum import StrEnum


class RefundStatus(StrEnum):
    EXPIRED = "EXPIRED"
    FAILED = "FAILED"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    PROCESSING = "PROCESSING"
    REJECTED = "REJECTED"
    SUCCEEDED = "SUCCEEDED"

    def __str__(self) -> str:
        return str(self.value)
