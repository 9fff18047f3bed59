from enum import StrEnum


class ErrorMetaType7ErrorCode(StrEnum):
    RAIL_NOT_AVAILABLE = "RAIL_NOT_AVAILABLE"

    def __str__(self) -> str:
        return str(self.value)
