from enum import StrEnum


class ErrorMetaType17ErrorCode(StrEnum):
    SECOND_FACTOR_REQUIRED = "SECOND_FACTOR_REQUIRED"

    def __str__(self) -> str:
        return str(self.value)
