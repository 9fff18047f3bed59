from enum import StrEnum


class ErrorMetaType5DetailsLinesItemErrorCode(StrEnum):
    LINE_INVALID = "LINE_INVALID"
    LINE_REFERENCE_DUPLICATE = "LINE_REFERENCE_DUPLICATE"
    PAYOUT_AMOUNT_OUT_OF_RANGE = "PAYOUT_AMOUNT_OUT_OF_RANGE"
    RAIL_NOT_CONFIGURED = "RAIL_NOT_CONFIGURED"
    RAIL_SWITCHED_OFF = "RAIL_SWITCHED_OFF"

    def __str__(self) -> str:
        return str(self.value)
