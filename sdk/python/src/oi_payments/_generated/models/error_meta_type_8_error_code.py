from enum import StrEnum


class ErrorMetaType8ErrorCode(StrEnum):
    LEDGER_VERIFICATION_THROTTLED = "LEDGER_VERIFICATION_THROTTLED"
    LOGIN_THROTTLED = "LOGIN_THROTTLED"

    def __str__(self) -> str:
        return str(self.value)
