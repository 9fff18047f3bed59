from enum import StrEnum


class ErrorMetaType19ErrorCode(StrEnum):
    PAYOUTS_NOT_ENABLED = "PAYOUTS_NOT_ENABLED"

    def __str__(self) -> str:
        return str(self.value)
