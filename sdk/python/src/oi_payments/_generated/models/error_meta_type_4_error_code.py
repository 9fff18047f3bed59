from enum import StrEnum


class ErrorMetaType4ErrorCode(StrEnum):
    RAIL_NOT_CONFIGURED = "RAIL_NOT_CONFIGURED"

    def __str__(self) -> str:
        return str(self.value)
