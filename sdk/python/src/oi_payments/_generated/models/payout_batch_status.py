from enum import StrEnum


class PayoutBatchStatus(StrEnum):
    CANCELLED = "CANCELLED"
    COMPLETED = "COMPLETED"
    CREATING = "CREATING"
    PROCESSING = "PROCESSING"
    SCHEDULED = "SCHEDULED"
    WAITING_APPROVAL = "WAITING_APPROVAL"

    def __str__(self) -> str:
        return str(self.value)
