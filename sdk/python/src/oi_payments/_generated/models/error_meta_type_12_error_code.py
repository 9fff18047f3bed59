from enum import StrEnum


class ErrorMetaType12ErrorCode(StrEnum):
    WEBHOOK_ENDPOINT_LIMIT = "WEBHOOK_ENDPOINT_LIMIT"

    def __str__(self) -> str:
        return str(self.value)
