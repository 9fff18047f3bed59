from enum import StrEnum


class ErrorMetaType15ErrorCode(StrEnum):
    NOT_READY = "NOT_READY"

    def __str__(self) -> str:
        return str(self.value)
