from enum import StrEnum


class PayoutStatusSummaryItemStatus(StrEnum):
    CANCELLED = "CANCELLED"
    CREATED = "CREATED"
    FAILED = "FAILED"
    PROCESSING = "PROCESSING"
    QUEUED = "QUEUED"
    RETURNED = "RETURNED"
    SCHEDULED = "SCHEDULED"
    SENDING = "SENDING"
    SUCCEEDED = "SUCCEEDED"
    WAITING_APPROVAL = "WAITING_APPROVAL"

    def __str__(self) -> str:
        return str(self.value)
