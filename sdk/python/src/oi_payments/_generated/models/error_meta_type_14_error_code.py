from enum import StrEnum


class ErrorMetaType14ErrorCode(StrEnum):
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"

    def __str__(self) -> str:
        return str(self.value)
