from enum import StrEnum


class ErrorMetaType6ErrorCode(StrEnum):
    REFUND_DESTINATION_CONFLICT = "REFUND_DESTINATION_CONFLICT"
    REFUND_DESTINATION_REQUIRED = "REFUND_DESTINATION_REQUIRED"

    def __str__(self) -> str:
        return str(self.value)
