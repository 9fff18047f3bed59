from enum import StrEnum


class PayoutBatchProgressItemStatus(StrEnum):
    CANCELLED = "CANCELLED"
    CREATED = "CREATED"
    FAILED = "FAILED"
    NOT_CREATED = "NOT_CREATED"
    PROCESSING = "PROCESSING"
    QUEUED = "QUEUED"
    RETURNED = "RETURNED"
    SCHEDULED = "SCHEDULED"
    SENDING = "SENDING"
    SUCCEEDED = "SUCCEEDED"
    WAITING_APPROVAL = "WAITING_APPROVAL"

    def __str__(self) -> str:
        return str(self.value)
