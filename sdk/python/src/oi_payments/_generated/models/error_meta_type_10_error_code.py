from enum import StrEnum


class ErrorMetaType10ErrorCode(StrEnum):
    SETTLEMENT_FILE_INVALID = "SETTLEMENT_FILE_INVALID"

    def __str__(self) -> str:
        return str(self.value)
