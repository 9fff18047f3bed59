from enum import StrEnum


class ErrorMetaType15ErrorCode(StrEnum):
    LEDGER_VERIFICATION_THROTTLED = "LEDGER_VERIFICATION_THROTTLED"
    LOGIN_THROTTLED = "LOGIN_THROTTLED"
    VELOCITY_LIMITED = "VELOCITY_LIMITED"

    def __str__(self) -> str:
        return str(self.value)
