from enum import StrEnum


class ErrorMetaType10ErrorCode(StrEnum):
    INSUFFICIENT_SCOPE = "INSUFFICIENT_SCOPE"

    def __str__(self) -> str:
        return str(self.value)
