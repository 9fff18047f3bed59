from enum import StrEnum


class ErrorMetaType16ErrorCode(StrEnum):
    STEP_UP_REQUIRED = "STEP_UP_REQUIRED"

    def __str__(self) -> str:
        return str(self.value)
