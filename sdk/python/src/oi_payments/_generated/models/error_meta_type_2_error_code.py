from enum import StrEnum


class ErrorMetaType2ErrorCode(StrEnum):
    DUPLICATE_ORDER = "DUPLICATE_ORDER"

    def __str__(self) -> str:
        return str(self.value)
