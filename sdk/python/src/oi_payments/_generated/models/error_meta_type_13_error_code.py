from enum import StrEnum


class ErrorMetaType13ErrorCode(StrEnum):
    INSUFFICIENT_SCOPE = "INSUFFICIENT_SCOPE"

    def __str__(self) -> str:
        return str(self.value)
