from enum import StrEnum


class ErrorMetaType4ErrorCode(StrEnum):
    RAIL_NOT_CONFIGURED = "RAIL_NOT_CONFIGURED"
    RAIL_SWITCHED_OFF = "RAIL_SWITCHED_OFF"

    def __str__(self) -> str:
        return str(self.value)
