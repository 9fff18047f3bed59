from enum import StrEnum


class ErrorMetaType3ErrorCode(StrEnum):
    PAYOUT_AMOUNT_OUT_OF_RANGE = "PAYOUT_AMOUNT_OUT_OF_RANGE"

    def __str__(self) -> str:
        return str(self.value)
