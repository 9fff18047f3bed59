from enum import StrEnum


class ErrorMetaType5ErrorCode(StrEnum):
    PAYOUT_BATCH_LINES_INVALID = "PAYOUT_BATCH_LINES_INVALID"

    def __str__(self) -> str:
        return str(self.value)
